import type { List, Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';

/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function inline(node: Nodes): string {
  switch (node.type) {
    case 'text':
      return escapeMrkdwn(node.value);
    case 'strong':
      return wrap('*', node.children.map(inline).join(''));
    case 'emphasis':
      return wrap('_', node.children.map(inline).join(''));
    case 'inlineCode':
      return `\`${escapeMrkdwn(node.value)}\``;
    case 'break':
      return '\n';
    case 'link':
      return `<${node.url}|${node.children.map(inline).join('').replace(/[|>]/g, ' ')}>`;
    case 'image':
      return escapeMrkdwn(node.alt ?? '');
    case 'html':
      return escapeMrkdwn(node.value);
    default:
      return 'children' in node ? node.children.map((child) => inline(child as Nodes)).join('') : '';
  }
}

/** *bold* only renders when the markers hug the text: keep spaces outside them. */
function wrap(marker: string, text: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  if (!match?.[2]) return text;
  return `${match[1]}${marker}${match[2]}${marker}${match[3]}`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}

function list(node: List): string {
  const start = node.start ?? 1;
  return node.children
    .map((item, index) => {
      const marker = node.ordered ? `${start + index}. ` : '• ';
      const body = item.children.map(block).join('\n');
      const [first = '', ...rest] = body.split('\n');
      return [marker + first, ...rest.map((line) => (line === '' ? line : `    ${line}`))].join('\n');
    })
    .join('\n');
}

function block(node: Nodes): string {
  switch (node.type) {
    case 'root':
      return node.children
        .map(block)
        .filter((text) => text !== '')
        .join('\n\n');
    case 'paragraph':
      return node.children.map(inline).join('');
    case 'heading':
      return wrap('*', node.children.map(inline).join(''));
    case 'list':
      return list(node);
    case 'blockquote':
      return indent(node.children.map(block).join('\n'), '> ');
    case 'code':
      return `\`\`\`\n${escapeMrkdwn(node.value)}\n\`\`\``;
    case 'thematicBreak':
      return '───';
    default:
      return inline(node);
  }
}

/** Renders deck Markdown (bold, lists, code, links) as Slack mrkdwn. */
export function markdownToMrkdwn(markdown: string): string {
  return block(fromMarkdown(markdown)).trim();
}

/**
 * Splits text into pieces of at most `max` characters, breaking between paragraphs, else between
 * lines, else between words (a break is used only past half the piece, so no stub piece is left), so no word is ever cut (a single word longer than `max` is the only
 * exception, and is cut at `max`).
 */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    // A break in the first half would leave a stub (a lone label): look for a later one.
    const late = (index: number) => (index > max / 2 ? index : -1);
    let cut = late(window.lastIndexOf('\n\n'));
    if (cut < 0) cut = late(window.lastIndexOf('\n'));
    if (cut < 0) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = max;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest !== '') pieces.push(rest);
  return pieces.filter((piece) => piece !== '');
}
