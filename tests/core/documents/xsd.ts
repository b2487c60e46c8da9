// XSD validation of UPD files with a real schema validator (libxml2 compiled to wasm). The wasm build knows no
// windows-1251, so the bytes are decoded first and re-labelled UTF-8; the encoding itself is checked separately.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

/** The FNS schema, edition 05_03_05, kept in the repo so a clean clone can run the tests. */
export const UPD_XSD = fileURLToPath(new URL('../../fixtures/documents/ON_NSCHFDOPPR_1_997_01_05_03_05.xsd', import.meta.url));

const asUtf8 = (bytes: Uint8Array) =>
  new TextDecoder('windows-1251').decode(bytes).replace(/^<\?xml([^>]*)encoding="windows-1251"/, '<?xml$1encoding="UTF-8"');

let schemaText: string | undefined;

/** Validates windows-1251 UPD bytes against the XSD; returns the validator's messages (empty when valid). */
export async function xsdErrors(fileName: string, bytes: Uint8Array): Promise<string[]> {
  schemaText ??= asUtf8(fs.readFileSync(UPD_XSD));
  const r = await validateXML({ xml: [{ fileName, contents: asUtf8(bytes) }], schema: [{ fileName: 'upd.xsd', contents: schemaText }] });
  return r.valid ? [] : r.errors.map((e) => e.message);
}

/** Validates many UPD files in one run of the validator (the schema is compiled once); returns messages per failure. */
export async function xsdErrorsMany(files: { fileName: string; bytes: Uint8Array }[]): Promise<string[]> {
  schemaText ??= asUtf8(fs.readFileSync(UPD_XSD));
  const r = await validateXML({
    xml: files.map((f) => ({ fileName: f.fileName, contents: asUtf8(f.bytes) })),
    schema: [{ fileName: 'upd.xsd', contents: schemaText }],
    maxMemoryPages: 4096,
  });
  return r.valid ? [] : r.errors.map((e) => `${e.loc?.fileName ?? ''}: ${e.message}`);
}
