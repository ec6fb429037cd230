import { describe, expect, it } from 'vitest';
import { negotiateVersion, supportedProtocolVersions } from '../../src/runtime/index.js';

describe('negotiateVersion', () => {
  it("returns the highest common version (the seed's example)", () => {
    expect(negotiateVersion(['1.1', '1.0'], ['1.2', '1.1', '1.0'])).toBe('1.1');
  });

  it('orders date versions the same way, whatever order they are offered in', () => {
    expect(negotiateVersion(['2024-11-05', '2025-06-18', '2025-03-26'], ['2025-03-26', '2025-06-18'])).toBe(
      '2025-06-18',
    );
  });

  it('compares dotted versions numerically, not as text', () => {
    expect(negotiateVersion(['1.9', '1.10'], ['1.10', '1.9'])).toBe('1.10');
  });

  it('returns undefined when nothing is shared', () => {
    expect(negotiateVersion(['0.9'], ['1.0'])).toBeUndefined();
  });

  it('defaults to the versions the runtime speaks', () => {
    expect(negotiateVersion(['2025-11-25', '2026-07-28'])).toBe('2026-07-28');
    expect(supportedProtocolVersions).toContain('2024-11-05');
  });
});
