import { describe, expect, it } from 'vitest';
import {
  categoriesModal,
  channelIntroMessage,
  dailyGuideModal,
  mentionHelpMessage,
  welcomeMessage,
} from '../../src/slack/blocks/onboarding.js';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { messageErrors, viewErrors } from '../support/slack-contract/block-kit.js';

/** The first-contact messages and windows: within Slack's rules, short, and saying the right thing. */

describe('first-contact messages', () => {
  it('the welcome DM names what to try first, with two buttons of their own', () => {
    const welcome = welcomeMessage();
    expect(messageErrors(welcome, 'chat')).toBeUndefined();
    expect(visibleText(welcome.blocks)).toContain('`/star question`');
    expect([...buttons(welcome.blocks).values()].map((b) => b.action_id)).toEqual([
      'star_practice_now',
      'star_how_daily_works',
    ]);
  });

  it('the introduction says how to subscribe, or what the channel already has', () => {
    const text = (standing: Parameters<typeof channelIntroMessage>[0]) => {
      const intro = channelIntroMessage(standing);
      expect(messageErrors(intro, 'chat')).toBeUndefined();
      return visibleText(intro.blocks);
    };
    expect(text('unsubscribed')).toContain('`/star subscribe 9am`');
    expect(text('subscribed')).toContain('already gets a question of the day: `/star schedule`');
    expect(text('subscribed')).not.toContain('/star subscribe');
    expect(text('paused')).toContain('`/star resume` starts it again');
  });

  it('the help after a mention is 3 to 5 lines', () => {
    const help = mentionHelpMessage();
    expect(messageErrors(help, 'chat')).toBeUndefined();
    const lines = visibleText(help.blocks).split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(5);
  });

  it('the windows are modals Slack takes, with a close button', () => {
    const categories = categoriesModal([
      { name: 'Conflict', total: 4, practiced: 1 },
      { name: 'Leadership <&>', total: 5, practiced: 0 },
    ]);
    for (const view of [dailyGuideModal(), categories]) expect(viewErrors(view)).toEqual([]);
    expect(visibleText(categories.blocks)).toContain('*Leadership &lt;&amp;&gt;* — 5 questions, 0 practiced');
  });
});
