/**
 * The good and bad values of apimachinery v0.28's own tests
 * (pkg/util/validation/validation_test.go), and the exact messages it builds.
 */
import { describe, expect, it } from 'vitest';
import { goQuote } from './field';
import { isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidIP, isValidLabelValue, isValidPortName, nonSpecialIP } from './names';

const cases = (fn: (v: string) => string[], good: string[], bad: string[]) => {
  it.each(good)('accepts %j', (v) => expect(fn(v)).toEqual([]));
  it.each(bad)('refuses %j', (v) => expect(fn(v).length).toBeGreaterThan(0));
};

describe('IsDNS1123Label', () => {
  cases(isDNS1123Label,
    ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)],
    ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'a'.repeat(64)]);
  it('says a subdomain that is not a label failed on its dots', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('IsDNS1123Subdomain', () => {
  cases(isDNS1123Subdomain,
    ['a', 'a--1--2--b', '0.a', 'a.b.c.d.e', '1.2.3.4.5', 'a'.repeat(253)],
    ['', 'A', 'aBc', '-', 'a-', '.', 'a.', '.a', 'a..b', 'A.a', 'a@b', 'a,b', 'a_b', 'a;b', 'a:b', 'a%b', 'a?b', 'a$b', 'a'.repeat(254)]);
});

describe('IsDNS1035Label', () => {
  cases(isDNS1035Label,
    ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', 'a'.repeat(63)],
    ['0', '01', '012', '1a', '1-a', '1--a--b--2', '', 'A', 'aBc', '-', 'a-', '_', 'a.b', ' ', 'a b', 'a'.repeat(64)]);
});

describe('IsValidPortName', () => {
  cases(isValidPortName,
    ['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'],
    ['longerthan15characters', '', 'a'.repeat(16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++']);
  it('lists every rule a name breaks, in the API server\'s order', () => {
    expect(isValidPortName('-Bad--Name_too-long-')).toEqual([
      'must be no more than 15 characters',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
    expect(isValidPortName('8080')).toEqual(['must contain at least one letter (a-z)']);
  });
});

describe('IsQualifiedName', () => {
  cases(isQualifiedName,
    ['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now.with.dots/simple', '1.2.3.4/5678', 'Uppercase_Is_OK_123', 'example.com/Uppercase_Is_OK_123', 'requests.storage-foo', 'a'.repeat(63), `${'a'.repeat(253)}/${'b'.repeat(63)}`],
    ['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc', 'example_com/abc', 'example.com/', '/simple', 'a'.repeat(64), `${'a'.repeat(254)}/abc`]);
  it('words the prefix and the name part apart', () => {
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('example.com/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
  });
});

describe('IsValidLabelValue', () => {
  cases(isValidLabelValue,
    ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), ''],
    ['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends-with-dash-', '.starts.with.dot', 'ends.with.dot.', 'a'.repeat(64)]);
  it('counts bytes, as Go\'s len does', () => expect(isValidLabelValue('ā'.repeat(32))[0]).toBe('must be no more than 63 characters'));
});

describe('IsConfigMapKey', () => {
  cases(isConfigMapKey, ['a', 'good', 'good-good', 'still.good', 'this.is.also.good', '.so.is.this', 'THIS_IS_GOOD', 'so_is_this_17'], ['.', '..', '..bad', 'b*d', 'bad!&bad']);
});

describe('IP addresses', () => {
  cases(isValidIP, ['1.2.3.4', '10.244.1.2', '010.001.002.003', '::1', '2001:db8::ffff', '::ffff:1.2.3.4'], ['', '1.2.3', '1.2.3.256', '192.168.255.102x', 'fe80::1%eth0', 'a.b.c.d', '1:2:3:4:5:6:7:8:9']);
  it('refuses the addresses an endpoint may not have, with ValidateNonSpecialIP\'s words', () => {
    expect(nonSpecialIP('127.0.0.1')).toEqual(['may not be in the loopback range (127.0.0.0/8, ::1/128)']);
    expect(nonSpecialIP('169.254.169.254')).toEqual(['may not be in the link-local range (169.254.0.0/16, fe80::/10)']);
    expect(nonSpecialIP('224.0.0.251')).toEqual(['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)']);
    expect(nonSpecialIP('0.0.0.0')).toEqual(['may not be unspecified (0.0.0.0)']);
    expect(nonSpecialIP('::1')).toEqual(['may not be in the loopback range (127.0.0.0/8, ::1/128)']);
    expect(nonSpecialIP('192.168.255.1')).toEqual([]);
  });
});

describe('Go\'s %q', () => {
  it('escapes as strconv.Quote does', () => {
    expect(goQuote('p"\nCOMMIT')).toBe('"p\\"\\nCOMMIT"');
    expect(goQuote('\u001b]0;title\u0007')).toBe('"\\x1b]0;title\\a"');
    expect(goQuote('Māori \u200b')).toBe('"Māori \\u200b"');
    expect(goQuote('tab\there\\')).toBe('"tab\\there\\\\"');
  });
});
