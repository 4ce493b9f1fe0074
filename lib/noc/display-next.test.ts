import { describe, expect, it } from 'vitest';
import { resolveDisplayNext } from './display-next';

const next = (fragment: string) => resolveDisplayNext(new URLSearchParams(fragment));

describe('resolveDisplayNext', () => {
  it('goes to the overview without a next, or with next=/', () => {
    expect(next('token=vhd_x')).toBe('/');
    expect(next('token=vhd_x&next=/')).toBe('/');
    expect(next('token=vhd_x&next=')).toBe('/');
  });

  it('goes to the NOC wall with its own options, inside next or beside it', () => {
    expect(next('token=vhd_x&next=/noc')).toBe('/noc');
    expect(next('token=vhd_x&next=%2Fnoc%3Frotate%3D20%26alert%3Dsound')).toBe('/noc?rotate=20&alert=sound');
    expect(next('token=vhd_x&next=/noc?rotate=20&alert=flash')).toBe('/noc?rotate=20&alert=flash');
    expect(next('next=/noc&rotate=30')).toBe('/noc?rotate=30');
  });

  it('drops any other parameter and the fragment', () => {
    expect(next('next=%2Fnoc%3Fredirect%3Dhttps%3A%2F%2Fevil.example%23x')).toBe('/noc');
    expect(next('next=/noc?rotate=123456789012345678901')).toBe('/noc?rotate=1234567890123456');
  });

  it('never leaves the site nor opens another page', () => {
    for (const target of [
      'https://evil.example/noc',
      '//evil.example/noc',
      '/\\evil.example/noc',
      'javascript:alert(1)',
      '/admin/tokens',
      '/noc/../admin/tokens',
      '/%6Eoc',
      '/runbooks/redis',
      'noc',
      '/noc\u0000',
      '/display/revoked',
    ]) {
      expect(next(`next=${encodeURIComponent(target)}`), target).toBe('/');
    }
  });
});
