// UPD 5.03 XML, DOCX agreements and the Diadoc package (issue 7).
import { z } from 'zod';
import { mutation, query } from '../command';
import { loadContractInScope } from '../contracts/repo';
import { isoDay } from '../contracts/dates';
import { DomainError } from '../errors';
import { gridRequest } from '../grid/request';
import { monthSchema } from '../penalties/commands';
import { WHOLE_COUNTRY } from '../users/scope';
import { contractDocx, supplementDocx } from './docx';
import { generateMonth, missingEdo } from './generate';
import { exportPackage } from './package';
import { listDocuments, loadDocument } from './repo';
import { readUpd } from './updForm';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const id = z.number().int().positive();
const monthInput = z.object({ month: monthSchema });

/** Commands of the documents domain: generation by month, the registry grid, preview, downloads, the Diadoc package. */
export const documentsCommands = {
  /** UPDs for the month's approved registry lines and DOCX of agreements effective that month (only what is missing). */
  'documents.generateMonth': mutation({
    access: 'documents.generate',
    input: monthInput,
    handler: (ctx, input) => {
      const r = generateMonth(ctx, ctx.user?.scope ?? WHOLE_COUNTRY, input.month);
      ctx.audit({ entity: 'documents', entityId: input.month, after: { upd: r.upd, supplements: r.supplements, skipped: r.skipped.length } });
      return r;
    },
  }),
  /** The documents grid (kind, counterparty, number/date, amount, status); `month` narrows to one month. */
  'documents.list': query({
    access: 'documents.read',
    input: gridRequest.extend({ month: monthSchema.optional() }),
    handler: (ctx, input) => listDocuments(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input, input.month),
  }),
  /** One document's fields; a UPD comes with its printed form read back from the stored XML. */
  'documents.get': query({
    access: 'documents.read',
    input: z.object({ id }),
    handler: (ctx, input) => {
      const { content, ...doc } = loadDocument(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input.id);
      return { document: doc, form: doc.kind === 'upd' ? readUpd(content) : null };
    },
  }),
  /** The stored file as base64 (a UPD exactly as it goes to Diadoc: windows-1251 bytes). */
  'documents.download': query({
    access: 'documents.read',
    input: z.object({ id }),
    handler: (ctx, input) => {
      const d = loadDocument(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input.id);
      return { fileName: d.fileName, contentBase64: d.content.toString('base64'), mime: d.kind === 'upd' ? 'application/xml' : DOCX_MIME };
    },
  }),
  /** The month's package for Diadoc (ZIP: every UPD and agreement + manifest.csv); marks the documents exported. */
  'documents.exportPackage': mutation({
    access: 'documents.generate',
    input: monthInput,
    handler: (ctx, input) => {
      const r = exportPackage(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input.month, ctx.clock.now().toISOString());
      ctx.audit({ entity: 'documents', entityId: input.month, after: { package: r.fileName, count: r.count, newlyExported: r.newlyExported } });
      return { fileName: r.fileName, contentBase64: Buffer.from(r.zip).toString('base64'), count: r.count, newlyExported: r.newlyExported };
    },
  }),
  /** Counterparties of the month's approved registries without an EDO id (a warning before export). */
  'documents.missingEdo': query({
    access: 'documents.read',
    input: monthInput,
    handler: (ctx, input) => missingEdo(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input.month),
  }),
  /** The contract as DOCX from the template, with the terms in force today (or on its start). */
  'documents.contractDocx': query({
    access: 'documents.read',
    input: z.object({ contractId: id }),
    handler: (ctx, input) => {
      const c = loadContractInScope(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input.contractId);
      const f = contractDocx(ctx.db, c.id, isoDay(ctx.clock.now()));
      return { fileName: f.fileName, contentBase64: f.bytes.toString('base64'), mime: DOCX_MIME };
    },
  }),
  /** A supplementary agreement as DOCX from the template. */
  'documents.supplementDocx': query({
    access: 'documents.read',
    input: z.object({ supplementId: id }),
    handler: (ctx, input) => {
      const contractId = ctx.db.prepare('SELECT contract_id FROM supplementary_agreements WHERE id = ?').pluck().get(input.supplementId) as number | undefined;
      if (contractId === undefined) throw new DomainError('not_found', 'Дополнительное соглашение не найдено', { id: input.supplementId });
      loadContractInScope(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, contractId);
      const f = supplementDocx(ctx.db, input.supplementId);
      return { fileName: f.fileName, contentBase64: f.bytes.toString('base64'), mime: DOCX_MIME };
    },
  }),
};

export type DocumentsCommands = typeof documentsCommands;
