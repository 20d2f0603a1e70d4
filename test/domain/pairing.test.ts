import { describe, expect, it } from 'vitest';
import {
  dueRoundDate,
  firstRoundDate,
  interviews,
  nextRound,
  type PairsSchedule,
  type Participant,
  pairUp,
} from '../../src/domain/pairing.js';

const at = (iso: string) => Date.parse(iso);
/** A fixed sequence standing in for Math.random: the same groups every run. */
function seeded(seed = 1): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}
const people = (...ids: string[]): Participant[] => ids.map((userId) => ({ userId, utcOffsetMinutes: 60 }));
const sorted = (groups: string[][]) =>
  groups.map((g) => [...g].sort()).sort((a, b) => a.join().localeCompare(b.join()));
const pairsOf = (groups: string[][]) =>
  new Set(groups.flatMap((g) => g.flatMap((a) => g.filter((b) => a < b).map((b) => `${a}|${b}`))));

describe('pairUp', () => {
  it.each([
    ['nobody', [], 0, []],
    ['one person alone: no round', ['U1'], 0, []],
    ['two: one pair', ['U1', 'U2'], 1, [2]],
    ['three: one trio', ['U1', 'U2', 'U3'], 1, [3]],
    ['four: two pairs', ['U1', 'U2', 'U3', 'U4'], 2, [2, 2]],
    ['five: a pair and a trio, nobody left out', ['U1', 'U2', 'U3', 'U4', 'U5'], 2, [2, 3]],
    ['nine: three pairs and a trio', ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'], 4, [2, 2, 2, 3]],
  ])('%s', (_name, ids, count, sizes) => {
    const groups = pairUp(people(...ids), [], seeded());
    expect(groups).toHaveLength(count);
    expect(groups.map((g) => g.length).sort()).toEqual(sizes);
    expect(groups.flat().sort()).toEqual(count === 0 ? [] : [...ids].sort());
  });

  it('counts someone listed twice once', () => {
    expect(pairUp([...people('U1', 'U2'), ...people('U1')], [], seeded())).toHaveLength(1);
  });

  it('avoids last round’s pairs whenever another pairing exists, whatever the shuffle', () => {
    const last = [
      ['A', 'B'],
      ['C', 'D'],
    ];
    for (let seed = 1; seed <= 50; seed++) {
      const groups = pairUp(people('A', 'B', 'C', 'D'), [last], seeded(seed));
      expect(pairsOf(groups).has('A|B'), `seed ${seed}`).toBe(false);
      expect(pairsOf(groups).has('C|D'), `seed ${seed}`).toBe(false);
    }
  });

  it('over three rounds of four people, nobody meets the same partner twice', () => {
    const history: string[][][] = [];
    const met = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const groups = pairUp(people('A', 'B', 'C', 'D'), history, seeded(round + 7));
      for (const pair of pairsOf(groups)) {
        expect(met.has(pair), `round ${round}: ${pair} again`).toBe(false);
        met.add(pair);
      }
      history.unshift(groups);
    }
    expect(met.size).toBe(6); // every possible pair of four, once
  });

  it('prefers the older repeat when a repeat cannot be avoided', () => {
    // Two people only: they meet again; with three rounds of history, the pair of the oldest is kept.
    expect(sorted(pairUp(people('A', 'B'), [[['A', 'B']]], seeded()))).toEqual([['A', 'B']]);
    const groups = pairUp(
      people('A', 'B', 'C', 'D'),
      [
        [
          ['A', 'B'],
          ['C', 'D'],
        ],
        [
          ['A', 'C'],
          ['B', 'D'],
        ],
        [
          ['A', 'D'],
          ['B', 'C'],
        ],
      ],
      seeded(),
    );
    expect(sorted(groups)).toEqual([
      ['A', 'D'],
      ['B', 'C'],
    ]);
  });

  it('pairs people in near time zones when nothing else decides', () => {
    const zoned: Participant[] = [
      { userId: 'BERLIN1', utcOffsetMinutes: 60 },
      { userId: 'TOKYO1', utcOffsetMinutes: 540 },
      { userId: 'BERLIN2', utcOffsetMinutes: 60 },
      { userId: 'TOKYO2', utcOffsetMinutes: 540 },
    ];
    for (let seed = 1; seed <= 20; seed++)
      expect(sorted(pairUp(zoned, [], seeded(seed)))).toEqual([
        ['BERLIN1', 'BERLIN2'],
        ['TOKYO1', 'TOKYO2'],
      ]);
  });
});

describe('interviews', () => {
  it.each([
    [
      'a pair: each interviews the other',
      ['A', 'B'],
      [
        ['A', 'B'],
        ['B', 'A'],
      ],
    ],
    [
      'a trio: in turn',
      ['A', 'B', 'C'],
      [
        ['A', 'B'],
        ['B', 'C'],
        ['C', 'A'],
      ],
    ],
    ['one person: nobody', ['A'], []],
  ])('%s', (_name, group, expected) => {
    expect(interviews(group).map((i) => [i.interviewer, i.candidate])).toEqual(expected);
  });
});

describe('rounds: weekly or every two weeks, on a weekday at a local time', () => {
  const monday10: PairsSchedule = {
    cadence: 'weekly',
    weekday: 1,
    time: { hour: 10, minute: 0 },
    timeZone: 'Europe/Berlin',
    anchorDate: '2026-11-30',
    effectiveFrom: at('2026-11-27T12:00:00Z'),
  };
  const biweekly = { ...monday10, cadence: 'biweekly' as const };

  it.each([
    ['the first round at its time', monday10, '2026-11-30T09:00:00Z', '2026-11-30'],
    ['not before its time', monday10, '2026-11-30T08:59:00Z', null],
    ['all that day after it', monday10, '2026-11-30T22:00:00Z', '2026-11-30'],
    ['not on Tuesday', monday10, '2026-12-01T09:00:00Z', null],
    ['weekly: the next Monday', monday10, '2026-12-07T09:00:00Z', '2026-12-07'],
    ['every two weeks: not the next Monday', biweekly, '2026-12-07T09:00:00Z', null],
    ['every two weeks: the one after', biweekly, '2026-12-14T09:00:00Z', '2026-12-14'],
    ['never before the anchor', monday10, '2026-11-23T09:00:00Z', null],
  ])('dueRoundDate: %s', (_name, schedule, now, expected) => {
    expect(dueRoundDate(schedule, at(now))).toBe(expected);
  });

  it('the first round is the next such weekday whose time is ahead', () => {
    // Friday 27 Nov → Monday 30 Nov; Monday 30 Nov at 09:00 Berlin → that day; at 11:00 → a week on.
    expect(firstRoundDate(1, { hour: 10, minute: 0 }, 'Europe/Berlin', at('2026-11-27T12:00:00Z'))).toBe(
      '2026-11-30',
    );
    expect(firstRoundDate(1, { hour: 10, minute: 0 }, 'Europe/Berlin', at('2026-11-30T08:00:00Z'))).toBe(
      '2026-11-30',
    );
    expect(firstRoundDate(1, { hour: 10, minute: 0 }, 'Europe/Berlin', at('2026-11-30T10:00:00Z'))).toBe(
      '2026-12-07',
    );
  });

  it('names the next round', () => {
    expect(nextRound(biweekly, at('2026-11-30T10:00:00Z'))).toEqual({
      date: '2026-12-14',
      at: at('2026-12-14T09:00:00Z'),
    });
  });
});
