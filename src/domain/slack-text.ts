/**
 * Text as Slack sends it. Slack escapes &, < and > in what people type (slash-command text, messages):
 * `unescapeSlack` gives back what they wrote. The other direction, escaping text the app sends, is
 * `escapeMrkdwn` (slack/blocks/mrkdwn.ts).
 */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
