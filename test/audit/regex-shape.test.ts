import { describe, expect, it } from 'vitest';
import { regexShape } from '../../src/audit/regex/shape.js';

describe('regexShape', () => {
  it.each([
    ['^(a+)+$', '(a+)+'],
    ['(a|a)*b', '(a|a)*'],
    ['(\\w+\\s?)*$', '(\\w+\\s?)*'],
    ['(?:x(a?)?)+', '(?:x(a?)?)+'],
    ['(a|b){2,}?', '(a|b){2,}?'],
    ['(a|aa){0,30}', '(a|aa){0,30}'],
    ['^(?=x)(?<word>\\w+)*', '(?<word>\\w+)*'],
  ])('finds the repeated ambiguous group in /%s/', (source, group) => {
    expect(regexShape(source).nestedGroup).toBe(group);
  });

  it.each([
    '^(?!(async\\s*)?\\(\\)\\s*=>)', // an optional group is tried at most twice
    '(?:ab)+c', // a repeated group with one way to match
    '[(a+)]+', // parentheses in a class are characters
    '\\(a+\\)+', // escaped parentheses too
    '(a|b)?x',
    '(ab){3}',
    '^this\\.\\w+$|^(?!Object$)\\w+$',
  ])('finds no nested group in /%s/', (source) => {
    expect(regexShape(source).nestedGroup).toBeUndefined();
  });

  it('counts the quantifiers without an upper bound', () => {
    const counts = [
      'a*',
      'a+?',
      'a{2,}',
      '(ab)+',
      '[x]*',
      'a.*b\\s+c',
      '^(get|list)$',
      'a?b{2,5}',
      '[*+]',
      '\\*\\+',
      'a{,3}',
    ];
    expect(counts.map((s) => regexShape(s).unbounded)).toEqual([1, 1, 1, 1, 1, 2, 0, 0, 0, 0, 0]);
  });
});
