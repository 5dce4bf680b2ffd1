/** XML checks shared by the plot tests. */

/**
 * Minimal XML well-formedness check: one root element, properly nested and closed tags, quoted and unique
 * attributes, no `<` in attribute values, only predefined or numeric entities. Returns the root tag name; throws
 * with the offset of the first problem.
 */
export function checkXml(xml: string): string {
  const name = "[A-Za-z_][\\w:.-]*";
  const tag = new RegExp(`<(/?)(${name})((?:\\s+${name}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, "y");
  const attr = new RegExp(`(${name})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, "g");
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const stack: string[] = [];
  let root = "";
  let rootClosed = false;
  let i = 0;
  const fail = (msg: string) => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 60))}`);
  };
  if (xml.startsWith("<?xml")) i = xml.indexOf("?>") + 2;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (entity.test(text)) fail("bad entity in text");
    if (text.trim() && stack.length === 0) fail("text outside the root element");
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i);
      if (end < 0) fail("unterminated comment");
      i = end + 3;
      continue;
    }
    tag.lastIndex = i;
    const m = tag.exec(xml);
    if (!m) fail("malformed tag");
    const [whole, closing, tagName, attrs, selfClosing] = m!;
    if (closing) {
      if (attrs || selfClosing) fail("closing tag with attributes");
      if (stack.pop() !== tagName) fail(`mismatched </${tagName}>`);
      if (stack.length === 0) rootClosed = true;
    } else {
      if (stack.length === 0) {
        if (root) fail("second root element");
        root = tagName;
      }
      const seen = new Set<string>();
      for (const a of attrs.matchAll(attr)) {
        if (seen.has(a[1])) fail(`duplicate attribute ${a[1]}`);
        seen.add(a[1]);
        if (entity.test(a[2] ?? a[3])) fail("bad entity in attribute");
      }
      if (selfClosing) {
        if (stack.length === 0) rootClosed = true;
      } else stack.push(tagName);
    }
    i += whole.length;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (!root || !rootClosed) throw new Error("no root element");
  return root;
}
