/**
 * The session and the address bar: making a link of the current session, and opening the one
 * the page was started with (or that a later paste put in the fragment). A link that cannot be
 * read changes nothing but the notice bar. Outside embed mode the fragment is cleared once
 * read, so that a reload shows the user's own later edits, not the link again.
 */
import { translate } from '../i18n';
import type { AppState } from '../store';
import { useStore } from '../store';
import { whenTextLoaded } from '../store/text';
import { decodeSession, encodeSession, LinkError, linkFor, sessionParam, type SharedSession } from './link';
import { loadLessons } from '../lessons/load';
import { findLesson, lessonOf, stepState } from './lessonRef';

export function currentSession(s: AppState): SharedSession {
  const lesson = lessonOf(s);
  return { yaml: s.text, requests: [s.request], ...(lesson ? { lesson } : {}), hop: s.player.step };
}

/** The link and the embed link of the current session, for the page at `href`. */
export async function makeLinks(s: AppState, href = location.href): Promise<{ link: string; embed: string }> {
  await loadLessons();
  const encoded = await encodeSession(currentSession(s));
  return { link: linkFor(href, encoded), embed: linkFor(href, encoded, { embed: true }) };
}

/** The HTML a course page pastes to show the player. */
export function embedSnippet(embedUrl: string, title: string): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<iframe src="${attr(embedUrl)}" title="${attr(title)}" width="960" height="600" style="border:1px solid #dfe3ec;border-radius:8px;max-width:100%" loading="lazy"></iframe>`;
}

export async function openSessionParam(param: string): Promise<boolean> {
  const store = useStore.getState();
  store.setLinkPending(true);
  try {
    const session = await decodeSession(param);
    // A large saved text still loading is what the link replaces: wait for it, so the history keeps it.
    await whenTextLoaded();
    await loadLessons();
    const lesson = session.lesson && findLesson(session.lesson.id) ? session.lesson : undefined;
    const title = lesson && findLesson(lesson.id)!.title;
    const s = useStore.getState();
    s.replaceDocument(
      { yaml: session.yaml, request: session.requests[0], hop: session.hop, lesson },
      {
        why: { kind: 'link', ...(lesson ? { lesson } : {}) },
        notice: s.embed
          ? undefined
          : title
            ? { key: 'share.notice.openedLesson', params: { lesson: s.lang === 'zh-CN' ? title.zh : title.en, step: lesson!.step + 1 }, tone: 'info', action: 'undo' }
            : { key: 'share.notice.opened', tone: 'info', action: 'undo' },
      },
    );
    return true;
  } catch (e) {
    const problem = e instanceof LinkError ? e.problem : 'format';
    const lang = useStore.getState().lang;
    useStore.getState().showNotice({ key: 'share.notice.broken', params: { reason: translate(lang, `share.broken.${problem}`) }, tone: 'error' });
    return false;
  } finally {
    useStore.getState().setLinkPending(false);
    if (!useStore.getState().embed) clearFragment();
  }
}

function clearFragment(): void {
  const url = new URL(location.href);
  const params = new URLSearchParams(url.hash.replace(/^#/, ''));
  params.delete('s');
  const rest = params.toString();
  history.replaceState(history.state, '', `${url.pathname}${url.search}${rest ? `#${rest}` : ''}`);
}

/**
 * `?lesson=nodeport&step=2`: a built-in lesson at a step (counted from 1), the short link a
 * course page can give for a lesson as Podpath ships it. A session in the fragment wins.
 */
export async function openLessonParam(search: string): Promise<void> {
  const params = new URLSearchParams(search);
  const id = params.get('lesson');
  if (!id) return;
  await whenTextLoaded();
  await loadLessons();
  const s = useStore.getState();
  const lesson = findLesson(id);
  if (!lesson) {
    s.showNotice({ key: 'share.notice.noLesson', params: { lesson: id }, tone: 'error' });
    return;
  }
  const steps = Math.max(1, lesson.steps?.length ?? 0);
  const step = Math.min(steps, Math.max(1, Number(params.get('step')) || 1)) - 1;
  const title = s.lang === 'zh-CN' ? lesson.title.zh : lesson.title.en;
  s.replaceDocument({ ...stepState(lesson, step), lesson: { id, step } }, {
    why: { kind: 'lesson', lesson: { id, step } },
    ...(s.embed ? {} : { notice: { key: 'share.notice.lessonOpened', params: { lesson: title, step: step + 1 }, tone: 'info', action: 'undo' } }),
  });
  s.dispatch({ type: 'reset' });
  if (!s.embed) {
    const url = new URL(location.href);
    url.searchParams.delete('lesson');
    url.searchParams.delete('step');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
}

/** Reads a link in the address bar now and whenever the fragment changes. */
export function watchLinks(): void {
  const read = () => {
    const param = sessionParam(location.hash);
    if (param) void openSessionParam(param);
    return !!param;
  };
  window.addEventListener('hashchange', read);
  if (!read()) void openLessonParam(location.search);
}
