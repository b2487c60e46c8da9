// SQLite's LIKE and lower() fold ASCII only, so «самарская» would not find «Самарская». Every connection gets an
// mcm_fold() SQL function (core/db/open.ts) and both sides of a text comparison are folded the same way.

/** Lower case with ё→е: the form in which stored text and what the user typed are compared. */
export function foldText(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е');
}

/** Escapes LIKE wildcards so user input matches literally (with ESCAPE '\'). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}
