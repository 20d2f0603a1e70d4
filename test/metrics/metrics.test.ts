import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics, type OutboxCount } from '../../src/metrics/metrics.js';

/** The value of one sample (`name{labels}` exactly as exposed), undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function metricsWith(outboxRows: () => readonly OutboxCount[] = () => []) {
  const errors: string[] = [];
  const registry = new Registry();
  const metrics = createMetrics(registry, {
    outboxRows,
    onCollectError: (error) => errors.push(error.message),
  });
  const text = async () => (await metrics.scrape()).body;
  return { metrics, registry, errors, text };
}

describe('createMetrics', () => {
  it('counts the outbox with one call per scrape, and shows only what it returned that time', async () => {
    let calls = 0;
    let counts: OutboxCount[] = [
      { state: 'pending', kind: 'question', rows: 3 },
      { state: 'sent', kind: 'reminder', rows: 7 },
    ];
    const { text } = metricsWith(() => {
      calls += 1;
      return counts;
    });
    const first = await text();
    expect(calls).toBe(1);
    expect(sample(first, 'star_outbox_rows{state="pending",kind="question"}')).toBe(3);
    expect(sample(first, 'star_outbox_rows{state="sent",kind="reminder"}')).toBe(7);
    counts = [{ state: 'sent', kind: 'question', rows: 1 }];
    const second = await text();
    expect(calls).toBe(2);
    expect(sample(second, 'star_outbox_rows{state="pending",kind="question"}')).toBeUndefined();
    expect(sample(second, 'star_outbox_rows{state="sent",kind="question"}')).toBe(1);
  });

  it('still answers when the outbox cannot be counted, and says why', async () => {
    const { text, errors } = metricsWith(() => {
      throw new Error('The database connection is not open');
    });
    const body = await text();
    expect(body).toContain('# TYPE star_scheduler_pass_duration_seconds histogram');
    expect(body).not.toContain('star_outbox_rows{');
    expect(errors).toEqual(['The database connection is not open']);
  });

  it('observes Web API calls by method and outcome, folding what is not a method name or an error code', async () => {
    const { metrics, text } = metricsWith();
    metrics.apiCall({ method: 'chat.postMessage', outcome: 'ok', seconds: 0.08 });
    metrics.apiCall({ method: 'chat.postMessage', outcome: '429', seconds: 0.02 });
    metrics.apiCall({ method: 'oauth.v2.access', outcome: 'invalid_code', seconds: 0.3 });
    metrics.apiCall({ method: 'CwABAAAAXmh0dHBzOi8v', outcome: 'ok', seconds: 1 });
    metrics.apiCall({ method: 'users.info', outcome: 'Something <b>odd</b>', seconds: 1 });
    const body = await text();
    const count = (labels: string) => sample(body, `star_slack_api_call_duration_seconds_count{${labels}}`);
    expect(count('method="chat.postMessage",outcome="ok"')).toBe(1);
    expect(count('method="chat.postMessage",outcome="429"')).toBe(1);
    expect(count('method="oauth.v2.access",outcome="invalid_code"')).toBe(1);
    expect(count('method="other",outcome="ok"')).toBe(1);
    expect(count('method="users.info",outcome="error"')).toBe(1);
    expect(
      sample(
        body,
        'star_slack_api_call_duration_seconds_bucket{le="0.1",method="chat.postMessage",outcome="ok"}',
      ),
    ).toBe(1);
  });

  it('keeps post lag, events, answers, reactions and passes', async () => {
    const { metrics, text } = metricsWith();
    metrics.postSent('question', 42);
    metrics.postSent('reminder', -3); // a clock a little behind the schedule: no lag, not negative
    metrics.eventReceived('reaction_added', 'new');
    metrics.eventReceived('reaction_added', 'retry');
    metrics.eventReceived('message', 'not-stored');
    metrics.answerRecorded('thread-reply', 'answer');
    metrics.answerRecorded('form', 'filler');
    metrics.reactionRecorded('removed');
    metrics.schedulerPass({ seconds: 0.4, ok: true, endedAt: 1_800_000_000_000 });
    metrics.schedulerPass({ seconds: 30, ok: false, endedAt: 1_800_000_060_000 });
    const body = await text();
    expect(sample(body, 'star_post_lag_seconds_sum{kind="question"}')).toBe(42);
    expect(sample(body, 'star_post_lag_seconds_bucket{le="60",kind="question"}')).toBe(1);
    expect(sample(body, 'star_post_lag_seconds_bucket{le="30",kind="question"}')).toBe(0);
    expect(sample(body, 'star_post_lag_seconds_sum{kind="reminder"}')).toBe(0);
    expect(sample(body, 'star_slack_events_received_total{type="reaction_added"}')).toBe(2);
    expect(sample(body, 'star_slack_events_ingested_total{type="reaction_added"}')).toBe(1);
    expect(sample(body, 'star_slack_events_received_total{type="message"}')).toBe(1);
    expect(sample(body, 'star_slack_events_not_stored_total{type="message"}')).toBe(1);
    expect(sample(body, 'star_slack_events_ingested_total{type="message"}')).toBeUndefined();
    expect(sample(body, 'star_answers_recorded_total{via="thread-reply",kind="answer"}')).toBe(1);
    expect(sample(body, 'star_answers_recorded_total{via="form",kind="filler"}')).toBe(1);
    expect(sample(body, 'star_reactions_recorded_total{action="removed"}')).toBe(1);
    expect(sample(body, 'star_scheduler_pass_duration_seconds_count{outcome="ok"}')).toBe(1);
    expect(sample(body, 'star_scheduler_pass_duration_seconds_count{outcome="failed"}')).toBe(1);
    // The failed pass does not move the last completed one.
    expect(sample(body, 'star_scheduler_last_pass_completed_seconds')).toBe(1_800_000_000);
  });

  it('keeps its numbers in the registry it was given: two apps in one process do not mix', async () => {
    const one = metricsWith();
    const two = metricsWith();
    one.metrics.reactionRecorded('added');
    expect(sample(await one.text(), 'star_reactions_recorded_total{action="added"}')).toBe(1);
    expect(sample(await two.text(), 'star_reactions_recorded_total{action="added"}')).toBeUndefined();
    expect(one.registry.getSingleMetric('star_outbox_rows')).toBeDefined();
  });

  it('adds the process metrics when asked', async () => {
    const registry = new Registry();
    const metrics = createMetrics(registry, { outboxRows: () => [], processMetrics: true });
    const { body, contentType } = await metrics.scrape();
    expect(contentType).toContain('text/plain');
    expect(body).toContain('process_cpu_seconds_total');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
  });
});
