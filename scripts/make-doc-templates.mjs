// Builds resources/templates/contract.docx and supplement.docx: real Word documents with docxtemplater placeholders
// ({name}, loops {#list}…{/list}, conditions {#field}…{/field}) that the company's lawyers may edit in Word afterwards.
// Each placeholder sits in one run, so Word does not split it. Run: node scripts/make-doc-templates.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import PizZip from 'pizzip';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/templates');

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const run = (text, { b = false, sz } = {}) =>
  `<w:r>${b || sz ? `<w:rPr>${b ? '<w:b/>' : ''}${sz ? `<w:sz w:val="${sz}"/><w:szCs w:val="${sz}"/>` : ''}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
/** A paragraph of runs: strings are plain runs, [text, opts] are formatted ones. */
const p = (parts, { align, style, spacingAfter = 120, keepNext = false } = {}) => {
  const ppr = [
    style ? `<w:pStyle w:val="${style}"/>` : '',
    keepNext ? '<w:keepNext/>' : '',
    `<w:spacing w:after="${spacingAfter}"/>`,
    align ? `<w:jc w:val="${align}"/>` : '',
  ].join('');
  const runs = (Array.isArray(parts) ? parts : [parts]).map((x) => (Array.isArray(x) ? run(x[0], x[1]) : run(x))).join('');
  return `<w:p><w:pPr>${ppr}</w:pPr>${runs}</w:p>`;
};
const cell = (content, width, { header = false } = {}) =>
  `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${header ? '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' : ''}</w:tcPr>${p(
    header ? [[content, { b: true }]] : content,
    { spacingAfter: 0 },
  )}</w:tc>`;
const table = (widths, header, rowCells) => {
  const border = (s) => `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  return `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
    .map(border)
    .join('')}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    `<w:tr><w:trPr><w:tblHeader/></w:trPr>${header.map((h, i) => cell(h, widths[i], { header: true })).join('')}</w:tr>` +
    `<w:tr>${rowCells.map((c, i) => cell(c, widths[i])).join('')}</w:tr></w:tbl>` + p('', { spacingAfter: 120 });
};
/** Two signature columns: the company on the left, the counterparty on the right. */
const signatures = (left, right) => {
  const col = (lines) => `<w:tc><w:tcPr><w:tcW w:w="4800" w:type="dxa"/></w:tcPr>${lines.map((l) => p(l, { spacingAfter: 60 })).join('')}</w:tc>`;
  return `<w:tbl><w:tblPr><w:tblW w:w="9600" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="4800"/><w:gridCol w:w="4800"/></w:tblGrid><w:tr>${col(left)}${col(right)}</w:tr></w:tbl>`;
};

const companyBlock = [
  [['Заказчик: ', { b: true }], '{companyName}'],
  ['ИНН {companyInn}, КПП {companyKpp}, ОГРН {companyOgrn}'],
  ['Адрес: {companyAddress}'],
  ['Р/с {companyAccount} в {companyBankName}, БИК {companyBik}, к/с {companyCorrAccount}'],
];
const counterpartyBlock = [
  [['Исполнитель: ', { b: true }], '{cpName}'],
  ['ИНН {cpInn}{#cpKpp}, КПП {cpKpp}{/cpKpp}{#cpOgrn}, {cpOgrnLabel} {cpOgrn}{/cpOgrn}'],
  ['Адрес: {cpAddress}'],
  ['{#cpAccount}Р/с {cpAccount} в {cpBankName}, БИК {cpBik}, к/с {cpCorrAccount}{/cpAccount}'],
];
const signBlock = signatures(
  [['Заказчик'], ['{companySignerPosition}'], ['_______________ / {companySignerShort} /'], ['М.П.']],
  [['Исполнитель'], ['{cpSignerTitle}'], ['_______________ / {cpSignerShort} /'], ['{#cpIsLegal}М.П.{/cpIsLegal}']],
);

function contractBody() {
  return [
    p([['ДОГОВОР № {number}', { b: true, sz: 28 }]], { align: 'center', spacingAfter: 0 }),
    p([['на оказание маркетинговых услуг', { b: true }]], { align: 'center' }),
    p([['г. Москва', {}]], { align: 'left', spacingAfter: 0 }),
    p(['{date}'], { align: 'right' }),
    p(['{companyName}, именуемое в дальнейшем «Заказчик», в лице {companySignerPositionGen} {companySignerName}, действующего на основании Устава, с одной стороны, и {cpName}, именуемое в дальнейшем «Исполнитель», с другой стороны, заключили настоящий договор о нижеследующем.'], { align: 'both' }),
    p([['1. Предмет договора', { b: true }]], { keepNext: true }),
    p(['1.1. Исполнитель оказывает Заказчику маркетинговые услуги в торговых точках, перечисленных в п. 1.2: обеспечивает постоянное наличие на полке обязательного ассортимента, размещение оборудования Заказчика и работу точек по согласованному графику, а Заказчик оплачивает услуги.'], { align: 'both' }),
    p(['1.2. Торговые точки:'], { keepNext: true }),
    table([1400, 2800, 4000, 1400], ['Код', 'Наименование', 'Адрес', 'Регион'], ['{#outlets}{code}', '{name}', '{address}', '{region}{/outlets}']),
    p(['1.3. Обязательный ассортимент (SKU):'], { keepNext: true }),
    table([2000, 5600, 2000], ['Код', 'Наименование', 'Бренд'], ['{#skus}{code}', '{name}', '{brand}{/skus}']),
    p(['1.4. Оборудование Заказчика: {#equipment}{code} — {name}; {/equipment}{^equipment}не предусмотрено.{/equipment}'], { align: 'both' }),
    p(['1.5. График работы торговых точек: {schedule}.'], { align: 'both' }),
    p([['2. Стоимость услуг и порядок расчётов', { b: true }]], { keepNext: true }),
    p(['2.1. Стоимость услуг составляет {fee} в месяц, {vatNote}.'], { align: 'both' }),
    p(['2.2. За нарушения условий п. 1.1, выявленные при визитах представителей Заказчика, ежемесячный платёж уменьшается по правилам расчёта штрафов, действующим на дату нарушения. Оплата производится по универсальному передаточному документу, подписанному сторонами через оператора ЭДО.'], { align: 'both' }),
    p([['3. Срок действия', { b: true }]], { keepNext: true }),
    p(['3.1. Договор действует с {startDate} по {endDate}.'], { align: 'both' }),
    p([['4. Реквизиты и подписи сторон', { b: true }]], { keepNext: true }),
    ...companyBlock.map((l) => p(l, { spacingAfter: 0 })),
    p('', { spacingAfter: 60 }),
    ...counterpartyBlock.map((l) => p(l, { spacingAfter: 0 })),
    p('', { spacingAfter: 240 }),
    signBlock,
  ].join('');
}

function supplementBody() {
  return [
    p([['ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № {number}', { b: true, sz: 28 }]], { align: 'center', spacingAfter: 0 }),
    p([['к договору № {contractNumber} от {contractDate}', { b: true }]], { align: 'center' }),
    p([['г. Москва', {}]], { spacingAfter: 0 }),
    p(['{date}'], { align: 'right' }),
    p(['{companyName}, именуемое в дальнейшем «Заказчик», в лице {companySignerPositionGen} {companySignerName}, с одной стороны, и {cpName}, именуемое в дальнейшем «Исполнитель», с другой стороны, заключили настоящее дополнительное соглашение к договору № {contractNumber} от {contractDate} (далее — Договор) о нижеследующем.'], { align: 'both' }),
    p(['1. С {effectiveFrom} стороны вносят в Договор следующие изменения ({kindName}):'], { align: 'both', keepNext: true }),
    // Loop tags in paragraphs of their own repeat the paragraph between them (docxtemplater paragraphLoop).
    p(['{#changes}'], { spacingAfter: 0 }),
    p(['— {text}'], { align: 'both', spacingAfter: 60 }),
    p(['{/changes}'], { spacingAfter: 0 }),
    p(['{#feeChanged}2. Стоимость услуг с {effectiveFrom} составляет {newFee} в месяц, {vatNote}.{/feeChanged}'], { align: 'both' }),
    p(['{#comment}Примечание: {comment}{/comment}'], { align: 'both' }),
    p(['Остальные условия Договора остаются без изменений. Соглашение является неотъемлемой частью Договора, составлено в двух экземплярах, по одному для каждой стороны, и вступает в силу с момента подписания.'], { align: 'both' }),
    p([['Реквизиты и подписи сторон', { b: true }]], { keepNext: true }),
    ...companyBlock.map((l) => p(l, { spacingAfter: 0 })),
    p('', { spacingAfter: 60 }),
    ...counterpartyBlock.map((l) => p(l, { spacingAfter: 0 })),
    p('', { spacingAfter: 240 }),
    signBlock,
  ].join('');
}

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function docx(body, title) {
  const zip = new PizZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
  );
  zip.file(
    'docProps/core.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      `<dc:title>${esc(title)}</dc:title><dc:creator>MCM</dc:creator></cp:coreProperties>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  );
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W_NS}><w:docDefaults><w:rPrDefault><w:rPr>` +
      '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="ru-RU"/>' +
      '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
      '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style></w:styles>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W_NS}><w:body>${body}` +
      '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1418" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>',
  );
  // A fixed date keeps the files byte-identical between runs, so regenerating them shows no change in git.
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE', date: new Date('2026-01-01T00:00:00Z') });
}

fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'contract.docx'), docx(contractBody(), 'Договор на оказание маркетинговых услуг'));
fs.writeFileSync(path.join(OUT, 'supplement.docx'), docx(supplementBody(), 'Дополнительное соглашение к договору'));
process.stdout.write(`Шаблоны записаны в ${OUT}\n`);
