import type { Tips } from '../../domain/deck.js';
import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.js';

export function tipsMessage(tips: readonly Tips[]): Message {
  if (tips.length === 0) {
    return message('No practice tips', sections('The decks have no practice tips yet.'));
  }
  return message('Practice tips', [
    ...tips.flatMap((group) =>
      sections(
        `*${escapeMrkdwn(group.title)}*\n${group.items.map((item, index) => `${index + 1}. ${markdownToMrkdwn(item)}`).join('\n')}`,
      ),
    ),
    context('Then try one: `/star question`'),
  ]);
}
