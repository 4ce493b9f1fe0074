import { QueryCache, QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OverviewResponse } from '@/lib/api/types';
import { ConsoleApiError } from './api';
import { connectOverviewFeed } from './overview-feed';
import { computeSilenceMs, createOverviewStream, type EventSourceLike, type FeedState } from './overview-stream';
import { queryKeys } from './query-keys';
import { getSessionEndRedirect } from './session-end';

/** An EventSource double: the test plays the server's events; `closed` once the client closed it. */
class FakeSource implements EventSourceLike {
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data = '') {
    for (const listener of this.listeners.get(type) ?? []) listener({ data } as MessageEvent<string>);
  }
  snapshot(body: unknown, ageMs = 0) {
    this.emit('snapshot', `${ageMs}\n${JSON.stringify(body)}`);
  }
}

function harness(silenceMs = 10_000) {
  const sources: FakeSource[] = [];
  const states: FeedState[] = [];
  const snapshots: { body: string; ageMs: number }[] = [];
  const beats: number[] = [];
  const stream = createOverviewStream({
    open: () => {
      const source = new FakeSource();
      sources.push(source);
      return source;
    },
    silenceMs,
    retry: { firstMs: 1_000, maxMs: 8_000 },
    onSnapshot: (body, ageMs) => {
      snapshots.push({ body, ageMs });
      return body.startsWith('{');
    },
    onHeartbeat: (ageMs) => beats.push(ageMs),
    onState: (state) => states.push(state),
    random: () => 0.5, // no jitter: the delays are exact
  });
  return { stream, sources, states, snapshots, beats, last: () => sources.at(-1)! };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the overview stream state machine', () => {
  it('is live from the first snapshot, passes on frames with their stated age, and heartbeats only once live', () => {
    const h = harness();
    h.stream.start();
    expect(h.stream.state).toBe('connecting');
    h.last().emit('heartbeat', '10');
    expect(h.beats, 'nothing to re-age before a snapshot').toEqual([]);
    h.last().snapshot({ n: 1 }, 1_500);
    expect(h.stream.state).toBe('live');
    expect(h.snapshots).toEqual([{ body: '{"n":1}', ageMs: 1_500 }]);
    h.last().emit('heartbeat', '4200');
    expect(h.beats).toEqual([4_200]);
  });

  it('falls back when the stream errors (a refusal such as 401 or 429, or a broken connection), and retries with a doubling backoff', () => {
    const h = harness();
    h.stream.start();
    h.last().snapshot({ n: 1 });
    h.last().emit('error');
    expect(h.stream.state).toBe('fallback');
    expect(h.sources[0]!.closed, 'the browser’s own reconnection is not left running').toBe(true);
    vi.advanceTimersByTime(999);
    expect(h.sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(h.sources).toHaveLength(2);
    h.last().emit('error'); // refused again
    vi.advanceTimersByTime(1_999);
    expect(h.sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(h.sources).toHaveLength(3);
    for (let i = 0; i < 5; i += 1) {
      h.last().emit('error');
      vi.advanceTimersByTime(8_000); // capped at maxMs
    }
    expect(h.sources).toHaveLength(8);
    h.last().snapshot({ n: 2 });
    expect(h.stream.state).toBe('live');
    expect(h.states, 'retrying, the page keeps polling until a frame arrives').toEqual(['live', 'fallback', 'live']);
  });

  it('falls back when nothing arrives (a proxy that buffers the stream) and when a live stream goes silent', () => {
    const h = harness(10_000);
    h.stream.start();
    vi.advanceTimersByTime(9_999);
    expect(h.stream.state).toBe('connecting');
    vi.advanceTimersByTime(1);
    expect(h.stream.state).toBe('fallback');
    vi.advanceTimersByTime(1_000);
    h.last().snapshot({ n: 1 });
    for (let i = 0; i < 3; i += 1) {
      vi.advanceTimersByTime(9_000);
      h.last().emit('heartbeat', '100'); // a quiet but living stream stays live
    }
    expect(h.stream.state).toBe('live');
    vi.advanceTimersByTime(10_000);
    expect(h.stream.state).toBe('fallback');
    expect(h.sources[1]!.closed).toBe(true);
  });

  it('falls back on a frame it cannot read, and ignores events of a stream it already closed', () => {
    const h = harness();
    h.stream.start();
    h.last().emit('snapshot', 'not a frame');
    expect(h.stream.state).toBe('fallback');
    h.sources[0]!.snapshot({ n: 1 }); // late, from the closed one
    expect(h.stream.state).toBe('fallback');
    vi.advanceTimersByTime(1_000);
    h.last().emit('snapshot', '0\n<html>'); // a body that is not the overview
    expect(h.stream.state).toBe('fallback');
  });

  it('stops for good: no retry after stop', () => {
    const h = harness();
    h.stream.start();
    h.last().emit('error');
    h.stream.stop();
    vi.advanceTimersByTime(60_000);
    expect(h.sources).toHaveLength(1);
  });

  it('gives a stream two polls, or two heartbeats when the page polls faster', () => {
    expect(computeSilenceMs(10_000)).toBe(20_000);
    expect(computeSilenceMs(2_000)).toBe(11_000);
  });
});

const overview = (generatedAt: number): OverviewResponse => ({ generatedAt, sections: [] }) as unknown as OverviewResponse;

describe('the overview feed (the stream wired to React Query)', () => {
  it('puts each frame into the overview query with its age added, re-ages it on heartbeats, and stops polls while live', async () => {
    const client = new QueryClient();
    let source!: FakeSource;
    const feed = connectOverviewFeed(client, { pollMs: 2_000, open: () => (source = new FakeSource()) });
    source.snapshot(overview(1_000), 300);
    expect(client.getQueryData(queryKeys.sections())).toEqual(overview(1_300));
    expect(feed.state).toBe('live');
    source.emit('heartbeat', '5000');
    expect(client.getQueryData(queryKeys.sections()), 'an unchanged snapshot ages as a poll’s 304 would age it').toEqual(overview(6_000));
    feed.release();
  });

  it('polls at once when the stream fails, so a 401 ends the session as the polling path does', async () => {
    vi.useRealTimers();
    const ended: string[] = [];
    const client = new QueryClient({
      queryCache: new QueryCache({ onError: (error) => void ended.push(getSessionEndRedirect(error, '/noc') ?? '') }),
      defaultOptions: { queries: { retry: false } },
    });
    const queryFn = vi.fn(async (): Promise<OverviewResponse> => {
      throw new ConsoleApiError(401, 'Sign in to continue.', 'unauthenticated');
    });
    let source!: FakeSource;
    const feed = connectOverviewFeed(client, { pollMs: 60_000, open: () => (source = new FakeSource()) });
    source.snapshot(overview(1_000));
    // A reader as the pages have one: no polling while the stream is live (refetchInterval off, never stale).
    const observer = new QueryObserver(client, { queryKey: queryKeys.sections(), queryFn, refetchInterval: false, staleTime: Infinity });
    const off = observer.subscribe(() => undefined);
    expect(queryFn).not.toHaveBeenCalled();
    source.emit('error'); // the server ended the stream of a revoked session; the browser would be refused next
    await vi.waitFor(() => expect(ended).toEqual(['/login?next=%2Fnoc']));
    expect(queryFn).toHaveBeenCalledTimes(1);
    off();
    feed.release();
  });
});
