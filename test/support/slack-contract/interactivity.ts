/**
 * Interactivity as Slack limits it (docs.slack.dev/interactivity/handling-user-interaction):
 * - a `trigger_id` opens one view, within 3 seconds of the interaction
 *   (views.open errors: `expired_trigger_id`, `exchanged_trigger_id`, `invalid_trigger_id`);
 * - a `response_url` takes up to 5 posts within 30 minutes.
 * Trigger ids carry the moment they were issued (Slack's look like `13345224609.738474920.8088…`),
 * so a test builds a request with a fresh one, or an old one to see it refused.
 */

const triggerLifetimeMs = 3_000;
const responseUrlLifetimeMs = 30 * 60_000;
const responseUrlUses = 5;

let issued = 0;

/** A trigger_id as Slack issues one with an interaction, at `at` (default now). */
export function newTriggerId(at: number = Date.now()): string {
  issued += 1;
  return `${at}.${issued}.${Math.random().toString(16).slice(2, 10)}`;
}

export function createTriggers(now: () => number = Date.now) {
  const used = new Set<string>();
  return {
    /** undefined when the trigger may open a view now, else Slack's error. */
    exchange(triggerId: unknown): string | undefined {
      if (typeof triggerId !== 'string') return 'invalid_trigger_id';
      const issuedAt = Number(/^(\d+)\.\d+\.[0-9a-f]+$/.exec(triggerId)?.[1]);
      if (!Number.isFinite(issuedAt)) return 'invalid_trigger_id';
      if (used.has(triggerId)) return 'exchanged_trigger_id';
      if (now() - issuedAt > triggerLifetimeMs) return 'expired_trigger_id';
      used.add(triggerId);
      return undefined;
    },
  };
}

export function createResponseUrls(now: () => number = Date.now) {
  const urls = new Map<string, { issuedAt: number; uses: number }>();
  return {
    /** Issues the response_url `id` (at its first mention), valid from now. */
    issue(id: string, at: number = now()): void {
      if (!urls.has(id)) urls.set(id, { issuedAt: at, uses: 0 });
    },
    /** undefined when a post to `id` is taken (and counted), else why it is refused. */
    use(id: string): 'expired_url' | 'used_url' | 'no_such_url' | undefined {
      const url = urls.get(id);
      if (!url) return 'no_such_url';
      if (now() - url.issuedAt > responseUrlLifetimeMs) return 'expired_url';
      if (url.uses >= responseUrlUses) return 'used_url';
      url.uses += 1;
      return undefined;
    },
  };
}
