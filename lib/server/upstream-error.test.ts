import { describe, expect, it } from 'vitest';
import { isUpstreamError, UpstreamError } from './upstream-error';

describe('isUpstreamError', () => {
  it('knows the error by its name, also when it comes from another bundle\'s copy of the class', () => {
    // What the production server does: the route's module and instrumentation's module are two copies.
    class OtherBundlesUpstreamError extends Error {
      constructor(readonly upstream: string, readonly target: string, readonly status: number | null, message: string) {
        super(message);
        this.name = 'UpstreamError';
      }
    }
    const foreign = new OtherBundlesUpstreamError('prometheus', 'http://p', null, 'connection refused');
    expect(foreign instanceof UpstreamError).toBe(false);
    expect(isUpstreamError(foreign)).toBe(true);
    expect(isUpstreamError(new UpstreamError('prometheus', 'http://p', 503, 'down'))).toBe(true);
    expect(isUpstreamError(new Error('other'))).toBe(false);
    expect(isUpstreamError({ name: 'UpstreamError', status: null, upstream: 'x' })).toBe(false);
  });
});
