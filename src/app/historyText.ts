/** What the Earlier versions dialog says of an entry: why it was replaced, and when. */
import type { Params } from '../i18n';
import { knownLesson } from '../lessons/load';
import type { ReplaceReason } from '../store/history';

export function reasonMessage(why: ReplaceReason, lang: string): { key: string; params?: Params } {
  const lesson = (ref: { id: string; step: number } | undefined) => {
    const found = ref && knownLesson(ref.id);
    return found && ref ? { lesson: lang === 'zh-CN' ? found.title.zh : found.title.en, step: ref.step + 1 } : undefined;
  };
  switch (why.kind) {
    case 'link': {
      const at = lesson(why.lesson);
      return at ? { key: 'history.why.linkLesson', params: at } : { key: 'history.why.link' };
    }
    case 'lesson':
    case 'reset': {
      const at = lesson(why.lesson);
      return at ? { key: `history.why.${why.kind}`, params: at } : { key: 'history.why.lessonAny' };
    }
    case 'file':
    case 'drop':
      return { key: `history.why.${why.kind}`, params: { name: why.name } };
    default:
      return { key: `history.why.${why.kind}` };
  }
}

export function formatTime(at: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}
