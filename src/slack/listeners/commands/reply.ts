import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Block } from '../../blocks/kit.js';

type Reply = { text: string; blocks?: Block[] };

/**
 * The one answer to a slash command. It travels in the acknowledgement itself, the fastest path,
 * unless `later()` acknowledged first because the answer needs Slack (the caller's time zone, joining
 * the channel): then it goes to the command's response_url. `privately` only the caller sees;
 * `publicly` the channel sees.
 */
export type CommandReply = {
  later(): Promise<void>;
  privately(reply: Reply): Promise<void>;
  publicly(reply: Reply): Promise<void>;
};

export function commandReply({
  ack,
  respond,
}: Pick<SlackCommandMiddlewareArgs, 'ack' | 'respond'>): CommandReply {
  let acknowledged = false;
  const send = async (response_type: 'ephemeral' | 'in_channel', reply: Reply) => {
    if (acknowledged) {
      await respond({ response_type, ...reply });
      return;
    }
    acknowledged = true;
    await ack({ response_type, ...reply });
  };
  return {
    async later() {
      if (acknowledged) return;
      acknowledged = true;
      await ack();
    },
    privately: (reply) => send('ephemeral', reply),
    publicly: (reply) => send('in_channel', reply),
  };
}
