import { describe, expect, it } from 'vitest';
import { distro, locateChromium, parseOsRelease, plan, type Found } from './ensure-test-deps.mjs';

const DEBIAN = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n`;
const UBUNTU = `PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\nUBUNTU_CODENAME=noble\n`;
const MINT = `NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n`;
const RASPBIAN = `ID=raspbian\nID_LIKE=debian\n`;
const FEDORA = `NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\n`;

const NOTHING = { platform: 'linux', uid: 0, chromium: undefined, cjkFont: false, labMissing: [], want: { browser: true, lab: true } };
const found = (over: Partial<Found>): Found => ({ osRelease: DEBIAN, ...NOTHING, ...over });
const ALL_LAB = ['ip', 'ss', 'bridge', 'iptables-restore', 'iptables-save', 'ipset', 'ipvsadm', 'nft', 'sysctl'];
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };
const UPDATE = { argv: ['apt-get', '-o', 'DPkg::Lock::Timeout=300', 'update'], env: APT_ENV };
const install = (...packages: string[]) => ({ argv: ['apt-get', '-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...packages], env: APT_ENV });
const PLAYWRIGHT = { argv: ['npx', 'playwright', 'install', '--with-deps', 'chromium'], env: APT_ENV };

describe('os-release', () => {
  it('reads the fields, without their quotes', () => {
    expect(parseOsRelease(MINT)).toEqual({ NAME: 'Linux Mint', ID: 'linuxmint', ID_LIKE: 'ubuntu debian' });
    expect(parseOsRelease(undefined)).toEqual({});
  });
  it('tells Ubuntu and its derivatives from Debian and its others', () => {
    expect(distro('linux', DEBIAN)).toBe('debian');
    expect(distro('linux', RASPBIAN)).toBe('debian');
    expect(distro('linux', UBUNTU)).toBe('ubuntu');
    expect(distro('linux', MINT)).toBe('ubuntu');
    expect(distro('linux', FEDORA)).toBe('other');
    expect(distro('linux', undefined)).toBe('other');
    expect(distro('darwin', DEBIAN)).toBe('other');
  });
});

describe('which Chromium', () => {
  const files: Record<string, string> = {
    '/pw/chrome': '\x7fELF',
    '/opt/chromium/chrome': '\x7fELF',
    '/usr/bin/chromium': '#!/bin/sh\n# Debian\nexec /usr/lib/chromium/chromium "$@"\n',
    '/usr/bin/chromium-browser': '#! /bin/sh\nif ! [ -x /snap/bin/chromium ]; then\n  echo "snap install chromium" >&2\nfi\nexec /snap/bin/chromium "$@"\n',
  };
  const machine = (...present: string[]) => ({ exists: (p: string) => present.includes(p), head: (p: string) => files[p] ?? '' });

  it("takes Playwright's own first, then CHROMIUM_PATH, then Debian's", () => {
    const all = machine('/pw/chrome', '/opt/chromium/chrome', '/usr/bin/chromium');
    expect(locateChromium({ own: '/pw/chrome', env: { CHROMIUM_PATH: '/opt/chromium/chrome' }, ...all })).toEqual({ path: '/pw/chrome', own: true });
    expect(locateChromium({ own: '/pw/missing', env: { CHROMIUM_PATH: '/opt/chromium/chrome' }, ...all })).toEqual({ path: '/opt/chromium/chrome', own: false });
    expect(locateChromium({ own: undefined, env: {}, ...all })).toEqual({ path: '/usr/bin/chromium', own: false });
  });
  it("passes over Ubuntu's snap wrapper, and finds none", () => {
    expect(locateChromium({ own: undefined, env: {}, ...machine('/usr/bin/chromium-browser') })).toBeUndefined();
    expect(locateChromium({ own: undefined, env: { CHROMIUM_PATH: '/nowhere' }, ...machine() })).toBeUndefined();
  });
});

describe('what to do', () => {
  it('Debian, root, nothing there: one apt-get install of chromium, the CJK font and the lab tools', () => {
    const p = plan(found({ labMissing: ALL_LAB }));
    expect(p.run).toEqual([UPDATE, install('chromium', 'fonts-noto-cjk', 'iproute2', 'iptables', 'ipset', 'ipvsadm', 'nftables', 'procps')]);
    expect(p.say).toHaveLength(3);
    expect(p.stop).toBeUndefined();
  });
  it('Debian, root, Chromium there: the font alone; a missing lab tool alone', () => {
    expect(plan(found({ chromium: '/usr/bin/chromium' })).run).toEqual([UPDATE, install('fonts-noto-cjk')]);
    expect(plan(found({ chromium: '/usr/bin/chromium', cjkFont: true, labMissing: ['ss', 'ip', 'ipvsadm'] })).run).toEqual([UPDATE, install('iproute2', 'ipvsadm')]);
  });
  it('Debian, root, everything there: nothing', () => {
    expect(plan(found({ chromium: '/usr/bin/chromium', cjkFont: true }))).toEqual({ run: [], say: [], warn: [], stop: undefined });
  });
  it('Debian, not root: stops with the exact command, and leaves the lab tools to the kernel tests (which skip)', () => {
    const p = plan(found({ uid: 1000, labMissing: ALL_LAB }));
    expect(p.run).toEqual([]);
    expect(p.warn).toEqual([]);
    expect(p.stop).toContain('\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk\n');
    expect(plan(found({ uid: 1000, cjkFont: true })).stop).toContain('\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium\n');
  });
  it('Debian, not root, Chromium there but no CJK font: a warning with the command, not a stop', () => {
    const p = plan(found({ uid: 1000, chromium: '/usr/bin/chromium' }));
    expect(p.stop).toBeUndefined();
    expect(p.run).toEqual([]);
    expect(p.warn).toHaveLength(1);
    expect(p.warn[0]).toContain('\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends fonts-noto-cjk\n');
  });
  it("Ubuntu, root: the lab tools from apt, then Playwright's Chromium with its system packages (a CJK font among them)", () => {
    expect(plan(found({ osRelease: UBUNTU, labMissing: ['ipset'] })).run).toEqual([UPDATE, install('ipset'), PLAYWRIGHT]);
    expect(plan(found({ osRelease: MINT })).run).toEqual([PLAYWRIGHT]);
    expect(plan(found({ osRelease: UBUNTU, chromium: '/pw/chrome' })).run).toEqual([UPDATE, install('fonts-noto-cjk')]);
  });
  it("Ubuntu, not root: stops with Playwright's command", () => {
    const p = plan(found({ osRelease: UBUNTU, uid: 1000 }));
    expect(p.run).toEqual([]);
    expect(p.stop).toContain('\n  npx playwright install --with-deps chromium    (asks for sudo to install the system packages)\n');
  });
  it("another Linux, root: stops with Playwright's command, and warns of the lab tools it cannot install", () => {
    const p = plan(found({ osRelease: FEDORA, labMissing: ['ipset', 'ipvsadm'], cjkFont: true }));
    expect(p.run).toEqual([]);
    expect(p.stop).toContain('\n  npx playwright install chromium\n');
    expect(p.stop).not.toContain('npm test runs this itself');
    expect(p.warn).toEqual(['the kernel tests (run as root) need ipset, ipvsadm; install them (ipset ipvsadm), or the kernel tests will not run']);
  });
  it('macOS: no font to check, no lab; stops without a Chromium', () => {
    const mac = found({ platform: 'darwin', osRelease: undefined, uid: 501, labMissing: [] });
    expect(plan(mac).stop).toContain('\n  npx playwright install chromium\n');
    expect(plan({ ...mac, chromium: '/pw/chrome' })).toEqual({ run: [], say: [], warn: [], stop: undefined });
  });
  it('--browser leaves the lab alone, --lab the browser', () => {
    expect(plan(found({ labMissing: ['ipset'], want: { browser: true, lab: false } })).run).toEqual([UPDATE, install('chromium', 'fonts-noto-cjk')]);
    expect(plan(found({ labMissing: ['ipset'], want: { browser: false, lab: true } })).run).toEqual([UPDATE, install('ipset')]);
  });
});
