// A small element tree for exchange files: documents are built as trees, checked against the XSD's conditional rules
// (which xmllint ignores), then written with xmlbuilder2 so escaping and the declaration are the library's job.
import { create } from 'xmlbuilder2';

/** An element: name, attributes in document order, child elements. */
export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text?: string;
}

/** Builds an element; undefined or null attribute values are left out, so optional attributes read naturally. */
export function el(name: string, attrs: Record<string, string | number | null | undefined> = {}, ...children: (XNode | null | undefined | false)[]): XNode {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) a[k] = String(v);
  return { name, attrs: a, children: children.filter((c): c is XNode => !!c) };
}

/** An element holding only text. */
export function textEl(name: string, text: string): XNode {
  return { name, attrs: {}, children: [], text };
}

/** Child elements of a node with the given name. */
export function kids(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** The first child element with the given name. */
export function kid(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** Follows a path of element names from a node. */
export function at(node: XNode | undefined, ...path: string[]): XNode | undefined {
  let cur = node;
  for (const p of path) cur = kid(cur, p);
  return cur;
}

/** Serialises a tree with an XML declaration naming the encoding the caller will write the bytes in. */
export function serializeXml(root: XNode, encoding: string): string {
  const doc = create({ version: '1.0', encoding });
  const add = (parent: ReturnType<typeof create>, n: XNode) => {
    // Attributes one by one: passing the object makes xmlbuilder2 run its object converter, several times slower.
    const e = parent.ele(n.name);
    for (const [k, v] of Object.entries(n.attrs)) e.att(k, v);
    if (n.text !== undefined) e.txt(n.text);
    for (const c of n.children) add(e, c);
  };
  add(doc, root);
  return doc.end({ prettyPrint: true, indent: ' ' });
}

interface DomLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomLike>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

/** Parses XML text (already decoded) back into a tree; text of mixed content is ignored. */
export function parseXml(text: string): XNode {
  // The declaration names windows-1251, but the text is already decoded: drop it so the parser does not re-decode.
  const body = text.replace(/^\s*<\?xml[^>]*\?>/, '');
  const root = create(body).root().node as unknown as DomLike;
  const walk = (n: DomLike): XNode => {
    const attrs: Record<string, string> = {};
    for (let i = 0; i < (n.attributes?.length ?? 0); i++) {
      const a = n.attributes![i];
      attrs[a.name] = a.value;
    }
    const children: XNode[] = [];
    let hasText = false;
    for (let i = 0; i < n.childNodes.length; i++) {
      const c = n.childNodes[i];
      if (c.nodeType === 1) children.push(walk(c));
      else if (c.nodeType === 3 && (c.textContent ?? '').trim()) hasText = true;
    }
    return { name: n.nodeName, attrs, children, ...(hasText && children.length === 0 ? { text: n.textContent ?? '' } : {}) };
  };
  return walk(root);
}
