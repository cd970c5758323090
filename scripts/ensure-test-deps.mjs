#!/usr/bin/env node
/**
 * What `npm test` needs from the machine, before it runs the tests that need it:
 *
 * - a Chromium for the browser tests (found as e2e/browser.ts finds it: Playwright's own, else
 *   CHROMIUM_PATH, else Debian's /usr/bin/chromium), and a font with Chinese glyphs, since the
 *   app and its screenshots are in English and Chinese;
 * - as root on Linux, the tools the kernel tests drive (iproute2, iptables, ipset, ipvsadm, nftables,
 *   procps' sysctl). Without root the kernel tests skip themselves with a message, so these do
 *   not matter there.
 *
 * What is missing is installed the way `npx playwright install --with-deps` installs packages,
 * `apt-get update` then `apt-get install -y --no-install-recommends …`, when it can be: as root
 * on Debian, Debian's `chromium` and `fonts-noto-cjk`; as root on Ubuntu (whose `chromium`
 * package is a wrapper around the snap, which does not run in containers and which Playwright
 * cannot drive), Playwright's own Chromium with `npx playwright install --with-deps chromium`,
 * whose system packages include a CJK font. Otherwise (not root, or another system) a missing
 * Chromium stops the run with the exact command to type, and a missing font or lab tool is a
 * warning.
 *
 *   node scripts/ensure-test-deps.mjs             the browser's and the kernel tests' needs
 *   node scripts/ensure-test-deps.mjs --browser   the browser tests' only
 *   node scripts/ensure-test-deps.mjs --lab       the kernel tests' only
 *
 * The decision (plan) is a pure function of what was found, tested in ensure-test-deps.test.ts;
 * the rest of this file looks at the machine and carries the plan out.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Debian's packages: the browser and a font with Chinese glyphs (Noto Sans CJK). */
export const CHROMIUM_PACKAGE = 'chromium';
export const CJK_FONT_PACKAGE = 'fonts-noto-cjk';

/** Each command the kernel tests run (src/lab, src/engine/lab/script.ts) and its Debian package. */
export const LAB_TOOLS = [
  ['ip', 'iproute2'],
  ['ss', 'iproute2'],
  ['bridge', 'iproute2'],
  ['iptables-restore', 'iptables'],
  ['iptables-save', 'iptables'],
  ['ipset', 'ipset'],
  ['ipvsadm', 'ipvsadm'],
  // kube-proxy's nftables mode: src/lab/nft.test.ts loads its table with nft -f.
  ['nft', 'nftables'],
  ['sysctl', 'procps'],
];

/** The Chromium binaries tried after Playwright's own, in order. */
export function chromiumCandidates(env) {
  return [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p) => !!p);
}

/**
 * Ubuntu's `chromium` and `chromium-browser` packages install a shell script that runs the snap
 * (or says to install it): not a browser Playwright can drive.
 */
export function isSnapWrapper(head) {
  return head.startsWith('#!') && /\/snap\/bin\/|snap install|snap run/.test(head);
}

/**
 * The Chromium the tests drive: `{ path, own: true }` for Playwright's own (`own` is its
 * chromium.executablePath(), if that could be had), else the first candidate that exists and
 * is not a snap wrapper; undefined when there is none. `head(path)` reads a file's first bytes.
 */
export function locateChromium({ own, env, exists, head }) {
  if (own && exists(own)) return { path: own, own: true };
  for (const path of chromiumCandidates(env)) {
    if (exists(path) && !isSnapWrapper(head(path))) return { path, own: false };
  }
  return undefined;
}

/** /etc/os-release's fields (quotes removed). */
export function parseOsRelease(text) {
  const fields = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) fields[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return fields;
}

/** 'ubuntu' (and its derivatives), 'debian' (and its others), or 'other'. */
export function distro(platform, osRelease) {
  if (platform !== 'linux') return 'other';
  const f = parseOsRelease(osRelease);
  const ids = [f.ID ?? '', ...(f.ID_LIKE ?? '').split(/\s+/)].map((s) => s.toLowerCase());
  if (ids.includes('ubuntu')) return 'ubuntu';
  if (ids.includes('debian')) return 'debian';
  return 'other';
}

// Waiting for dpkg's lock rather than failing at once: on a machine just booted,
// unattended-upgrades (or another apt) may hold it for a while.
const APT_LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=300'];
const APT_UPDATE = ['apt-get', ...APT_LOCK_WAIT, 'update'];
const aptInstall = (packages) => ['apt-get', ...APT_LOCK_WAIT, 'install', '-y', '--no-install-recommends', ...packages];
const PLAYWRIGHT_INSTALL = ['npx', 'playwright', 'install', '--with-deps', 'chromium'];
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };
const sudoApt = (packages) => `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
const unique = (items) => [...new Set(items)];

/**
 * What to do, given what was found:
 *   platform, osRelease (the text of /etc/os-release), uid (process.getuid(), undefined off POSIX),
 *   chromium (the path found, or undefined), cjkFont (a font with Chinese glyphs is installed),
 *   labMissing (the LAB_TOOLS commands not found), want ({ browser, lab }).
 * Returns { run: [{ argv, env }], say: [what is done and why], warn: [...], stop: message or
 * undefined }. `run` is carried out in order; a non-empty `stop` ends the run with exit 1 and
 * names the exact commands to type.
 */
export function plan({ platform, osRelease, uid, chromium, cjkFont, labMissing, want }) {
  const os = distro(platform, osRelease);
  const root = uid === 0;
  const needChromium = want.browser && !chromium;
  // Off Linux (macOS, Windows) the system's own fonts cover Chinese.
  const needFont = want.browser && platform === 'linux' && !cjkFont;
  // Without root the kernel tests skip themselves (they need root), whatever tools there are.
  const labPackages = want.lab && platform === 'linux' && root
    ? unique(LAB_TOOLS.filter(([tool]) => labMissing.includes(tool)).map(([, pkg]) => pkg))
    : [];
  const missingTools = LAB_TOOLS.filter(([tool]) => labMissing.includes(tool)).map(([tool]) => tool);
  const result = { run: [], say: [], warn: [], stop: undefined };
  if (!needChromium && !needFont && labPackages.length === 0) return result;

  const fontWhy = `no font with Chinese glyphs (fc-list :lang=zh lists none): the app's Chinese pages and screenshots would show empty boxes`;
  const chromiumWhy = `no Chromium for the browser tests (not Playwright's own, not CHROMIUM_PATH, not /usr/bin/chromium)`;
  const labWhy = `the kernel tests (run as root) need ${missingTools.join(', ')}`;

  if (root && os === 'debian') {
    const packages = [...(needChromium ? [CHROMIUM_PACKAGE] : []), ...(needFont ? [CJK_FONT_PACKAGE] : []), ...labPackages];
    if (needChromium) result.say.push(`${chromiumWhy}: installing Debian's ${CHROMIUM_PACKAGE}`);
    if (needFont) result.say.push(`${fontWhy}: installing ${CJK_FONT_PACKAGE}`);
    if (labPackages.length) result.say.push(`${labWhy}: installing ${labPackages.join(' ')}`);
    result.run.push({ argv: APT_UPDATE, env: APT_ENV }, { argv: aptInstall(packages), env: APT_ENV });
    return result;
  }

  if (root && os === 'ubuntu') {
    // Ubuntu's own chromium is the snap: Playwright's Chromium instead, with its system packages
    // (fonts-wqy-zenhei, a CJK font, among them). That route downloads the browser from
    // Playwright's CDN: it works on an Ubuntu machine on the internet, and could not be tried on
    // the machine this was written on (no network but npm's registry and Debian's mirrors).
    const packages = [...(needFont && !needChromium ? [CJK_FONT_PACKAGE] : []), ...labPackages];
    if (labPackages.length) result.say.push(`${labWhy}: installing ${labPackages.join(' ')}`);
    if (needFont && !needChromium) result.say.push(`${fontWhy}: installing ${CJK_FONT_PACKAGE}`);
    if (packages.length) result.run.push({ argv: APT_UPDATE, env: APT_ENV }, { argv: aptInstall(packages), env: APT_ENV });
    if (needChromium) {
      result.say.push(`${chromiumWhy}: installing Playwright's Chromium and its system packages (Ubuntu's chromium is a snap, which Playwright cannot drive)`);
      result.run.push({ argv: PLAYWRIGHT_INSTALL, env: APT_ENV });
    }
    return result;
  }

  // Not root, or neither Debian nor Ubuntu: say what to type.
  if (labPackages.length) {
    result.warn.push(`${labWhy}; install them (${labPackages.join(' ')}), or the kernel tests will not run`);
  }
  const fontCommand = os === 'other' ? 'install a font with Chinese glyphs (Noto Sans CJK, for one)' : sudoApt([CJK_FONT_PACKAGE]);
  if (needChromium) {
    const commands =
      os === 'debian'
        ? [sudoApt([CHROMIUM_PACKAGE, ...(needFont ? [CJK_FONT_PACKAGE] : [])])]
        : os === 'ubuntu'
          ? [PLAYWRIGHT_INSTALL.join(' ') + '    (asks for sudo to install the system packages)']
          : ['npx playwright install chromium', ...(needFont ? [fontCommand] : [])];
    result.stop =
      `${chromiumWhy}. Install one with:\n\n` +
      commands.map((c) => `  ${c}\n`).join('') +
      `\n` +
      (os === 'other' ? '' : `(As root, npm test runs this itself.) `) +
      `Or set CHROMIUM_PATH to any Chromium binary.`;
    return result;
  }
  if (needFont) result.warn.push(`${fontWhy}. Install one with:\n\n  ${fontCommand}\n`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The machine.

const log = (line) => console.log(`ensure-test-deps: ${line}`);

/** A file's first bytes ('' when it cannot be read), to tell a snap wrapper script from a browser. */
export function head(path) {
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

async function findChromiumHere() {
  let own;
  try {
    const { chromium } = await import('@playwright/test');
    own = chromium.executablePath();
  } catch {
    // Playwright's browsers are not installed
  }
  return locateChromium({ own, env: process.env, exists: existsSync, head })?.path;
}

function hasCjkFont() {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
  } catch {
    return false; // no fontconfig: no font Chromium would find either
  }
}

function missingLabTools() {
  return LAB_TOOLS.map(([tool]) => tool).filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
}

async function look(want) {
  return {
    platform: process.platform,
    osRelease: existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : undefined,
    uid: process.getuid?.(),
    chromium: want.browser ? await findChromiumHere() : undefined,
    cjkFont: want.browser && process.platform === 'linux' ? hasCjkFont() : true,
    labMissing: want.lab && process.platform === 'linux' ? missingLabTools() : [],
    want,
  };
}

async function main(args) {
  const only = args.filter((a) => a === '--browser' || a === '--lab');
  const unknown = args.filter((a) => !only.includes(a));
  if (unknown.length) {
    console.error(`ensure-test-deps: unknown argument ${unknown[0]} (use --browser, --lab or neither)`);
    return 2;
  }
  const want = { browser: only.length === 0 || only.includes('--browser'), lab: only.length === 0 || only.includes('--lab') };

  const found = await look(want);
  const todo = plan(found);
  for (const line of todo.say) log(line);
  for (const step of todo.run) {
    log(`+ ${Object.entries(step.env ?? {}).map(([k, v]) => `${k}=${v} `).join('')}${step.argv.join(' ')}`);
    const r = spawnSync(step.argv[0], step.argv.slice(1), { stdio: 'inherit', env: { ...process.env, ...step.env } });
    if (r.status !== 0) {
      console.error(`ensure-test-deps: \`${step.argv.join(' ')}\` failed (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`})`);
      return 1;
    }
  }
  for (const line of todo.warn) console.warn(`ensure-test-deps: warning: ${line}`);
  if (todo.stop) {
    console.error(`ensure-test-deps: ${todo.stop}`);
    return 1;
  }
  if (todo.run.length === 0) {
    if (want.browser) log(`Chromium: ${found.chromium}${found.cjkFont && process.platform === 'linux' ? '; a CJK font is installed' : ''}`);
    return 0;
  }

  // Installed: look again, and say plainly if something is still missing.
  const after = await look(want);
  if (want.browser && !after.chromium) {
    console.error('ensure-test-deps: the install ran, and still no Chromium is found');
    return 1;
  }
  if (want.browser && !after.cjkFont) console.warn('ensure-test-deps: warning: the install ran, and fc-list :lang=zh still lists no font');
  if (want.lab && after.uid === 0 && after.labMissing.length) console.warn(`ensure-test-deps: warning: still missing ${after.labMissing.join(', ')}: the kernel tests will say so`);
  if (want.browser) log(`Chromium: ${after.chromium}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
