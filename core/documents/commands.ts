// UPD 5.03 XML, DOCX agreements and the Diadoc package (issue 7).
export const documentsCommands = {};
