/**
 * Plain text from a description that may hold HTML: ticketing systems (Zendesk, Salesforce, ServiceNow) export
 * rich-text bodies, and e-mail complaints arrive as HTML.
 *
 * Method: one left-to-right scan (linear in the text's length, whatever it holds: no regex backtracking over
 * 64 KiB). A `<` followed by a letter, `/`, `!` or `?` opens a tag that ends at the next `>`; the tag is replaced
 * by a space, or by a line break for block-level elements (p, div, br, li, tr, td, h1–h6, …) so that words of
 * two paragraphs never form a phrase. The content of `script`, `style`, `head`, `template` and comments is dropped
 * whole, up to the closing tag (to the end when it is missing, as a browser would). Other `<` are text ("a < b").
 * Then character references are decoded: numeric (`&#25105;`, `&#x6211;`) and the named references common in
 * exports (amp, lt, gt, quot, apos, nbsp, and the typographic ones); an unknown name stays as written.
 * Reference: WHATWG HTML Living Standard §13.2.5 (tokenization: tag open, comment, RAWTEXT states) and §13.5
 * (named character references). Not a full HTML parser: malformed markup degrades to text, never to an error.
 */

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Elements whose content is not text to read. */
const DROPPED_CONTENT = new Set(['script', 'style', 'head', 'template', 'noscript']);

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', hellip: '…', middot: '·',
  bull: '•', copy: '©', reg: '®', trade: '™', yen: '¥', euro: '€', times: '×', divide: '÷',
};

const REFERENCE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g;

function isTagStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 47 /* / */ || code === 33 /* ! */ || code === 63; /* ? */
}

function decodeReference(match: string, body: string): string {
  if (body.charCodeAt(0) === 35 /* # */) {
    const hex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88;
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    // Surrogates, NUL and values beyond Unicode are what the standard replaces with U+FFFD: drop them.
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return ' ';
    return String.fromCodePoint(code);
  }
  return NAMED_REFERENCES[body.toLowerCase()] ?? match;
}

/**
 * `text` without HTML tags, comments and script/style content, with character references decoded.
 * @param text any text; text without `<` or `&` is returned unchanged
 * @returns the text content; block elements become line breaks, other tags spaces
 * @example stripMarkup('<p>宽带<b>掉线</b></p><p>&lt;急&gt;</p>') // => '\n宽带 掉线 \n\n<急>\n'
 */
export function stripMarkup(text: string): string {
  let out = text;
  if (text.includes('<')) out = stripTags(text);
  if (out.includes('&')) out = out.replace(REFERENCE, decodeReference);
  return out;
}

function stripTags(text: string): string {
  const n = text.length;
  const parts: string[] = [];
  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      parts.push(text.slice(i));
      break;
    }
    parts.push(text.slice(i, lt));
    if (!isTagStart(text.charCodeAt(lt + 1))) {
      parts.push('<');
      i = lt + 1;
      continue;
    }
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      parts.push(' ');
      i = end < 0 ? n : end + 3;
      continue;
    }
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) {
      // No '>' after this '<', so none after any later one either: the rest is text.
      parts.push(text.slice(lt));
      break;
    }
    const name = /^\/?([a-zA-Z][a-zA-Z0-9]*)/.exec(text.slice(lt + 1, Math.min(gt, lt + 24)));
    const tag = name ? name[1]!.toLowerCase() : '';
    const closing = text.charCodeAt(lt + 1) === 47;
    i = gt + 1;
    if (!closing && DROPPED_CONTENT.has(tag)) {
      const close = new RegExp(`</${tag}\\s*>`, 'gi');
      close.lastIndex = i;
      const m = close.exec(text);
      i = m ? m.index + m[0].length : n;
      parts.push(' ');
      continue;
    }
    parts.push(BLOCK_TAGS.has(tag) ? '\n' : ' ');
  }
  return parts.join('');
}
