import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/useT';
import type { Localized } from '../lessons/types';
import type { DnsAnswer } from '../lessons/play';
import { knownLesson } from '../lessons/load';
import { commandLine, requestAt } from '../lessons/steps';
import { dnsOnScreen } from '../store/dns';
import { useStore } from '../store';
import { currentLesson, currentStep, stepChange, stepCount } from '../store/lesson';
import { StepChanged } from './StepChanged';
import { CommandButton } from '../commands/CommandButton';
import { Icon } from './Icon';
import './Lessons.css';

/** The lesson step on screen: its narration, the command it runs, its DNS answer and its challenge. */
export function LessonPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const position = useStore((s) => s.lesson);
  const lesson = useStore(currentLesson);
  // A saved position in a lesson other than the default: its chunk is on the way (lessons/load.ts).
  const known = useStore((s) => knownLesson(s.lesson.id) !== undefined);
  const step = useStore(currentStep);
  const total = useStore(stepCount);
  const request = useStore((s) => s.request);
  const cluster = useStore((s) => s.cluster);
  const challengeMode = useStore((s) => s.challengeMode);
  const setChallengeMode = useStore((s) => s.setChallengeMode);
  const draft = useStore((s) => s.draft);
  const folded = useStore((s) => s.lessonFolded);
  const changed = useStore(stepChange);
  const setFolded = useStore((s) => s.setLessonFolded);
  const loc = (text: Localized) => (lang === 'zh-CN' ? text.zh : text.en);
  // The step's DNS question, answered by the worker on the build on screen (a new build, a new answer).
  const [dns, setDns] = useState<DnsAnswer>();
  const lookup = step?.lookup;
  const asked = useRef(0);
  useEffect(() => {
    const n = ++asked.current;
    if (lookup) dnsOnScreen(request, lookup, (answer) => n === asked.current && setDns(answer));
  }, [cluster, request, lookup]);
  // Another question (another step): the last answer goes at once; a rebuild keeps it until the new one comes.
  useEffect(() => setDns(undefined), [lookup]);
  const masked = challengeMode && !!step?.challenge && !position.answerShown;
  const panel = useRef<HTMLElement>(null);
  const answer = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // A new step starts at its head: its number, title and text.
    panel.current?.scrollTo({ top: 0 });
  }, [lesson.id, position.step]);
  useEffect(() => {
    // The answer, once shown (A), is in view: the panel scrolls (only the panel) the least distance that shows it.
    const box = panel.current;
    const shown = answer.current;
    if (!box || !shown) return;
    const b = box.getBoundingClientRect();
    const r = shown.getBoundingClientRect();
    const below = r.bottom + 8 - b.bottom;
    if (below > 0) box.scrollTo({ top: box.scrollTop + Math.min(below, r.top - b.top - 8) });
  }, [position.answerShown, position.step, lesson.id]);
  useEffect(() => {
    // The outcome banner and the hop list hide while the class predicts (see Lessons.css).
    document.documentElement.dataset.challenge = masked ? 'open' : 'closed';
  }, [masked]);
  // The article's own words for the step's request; once the user changes the request, curl's.
  const lessonRequest = requestAt(lesson, position.step);
  const typed = step?.command && JSON.stringify(lessonRequest) === JSON.stringify(request) ? step.command : undefined;
  const { prompt, command } = commandLine(request, typed);
  if (!known) {
    return (
      <section className="panel lesson-panel" aria-label={t('app.lesson')} aria-busy="true" data-testid="lesson-panel">
        <p className="muted">{t('lesson.loading')}</p>
      </section>
    );
  }
  return (
    <section ref={panel} className="panel lesson-panel" aria-label={t('app.lesson')} data-testid="lesson-panel" data-lesson={lesson.id} data-step={position.step + 1}>
      <div className="lesson-head">
        <span className="lesson-step" data-testid="lesson-step">{t('lesson.stepOf', { n: position.step + 1, total })}</span>
        <h2 className="lesson-title" data-testid="lesson-title">{loc(lesson.title)}</h2>
        <button type="button" className="btn btn-icon lesson-fold" aria-expanded={!folded} aria-controls="lesson-body" title={t(folded ? 'lesson.unfold' : 'lesson.fold')} aria-label={t(folded ? 'lesson.unfold' : 'lesson.fold')} onClick={() => setFolded(!folded)}>
          <Icon name={folded ? 'unfold' : 'fold'} />
        </button>
        <div className="lesson-nav">
          <CommandButton command="lessonPrev" className="btn btn-icon" />
          <CommandButton command="lessonNext" className="btn btn-primary" showLabel />
        </div>
      </div>
      {step && !folded && (
        <>
          {changed && <StepChanged change={changed} />}
          <p className={`lesson-text${changed ? ' is-stale' : ''}`} id="lesson-body" data-testid="lesson-text" aria-live="polite">{loc(step.text)}</p>
          <div className="lesson-command" data-testid="lesson-command" aria-label={t('lesson.command')}>
            <span className="lesson-prompt">{prompt}</span> {command}
          </div>
          {dns && <DnsBox dns={dns} />}
          {step.challenge && (
            <div className={`lesson-challenge${position.answerShown ? ' is-answered' : ''}${changed ? ' is-stale' : ''}`} data-testid="lesson-challenge">
              <p>
                <strong>{t('lesson.challenge')}</strong> {loc(step.challenge.question)}
              </p>
              {position.answerShown ? (
                <p ref={answer} data-testid="lesson-answer"><strong>{t('lesson.answer')}</strong> {loc(step.challenge.answer)}</p>
              ) : (
                <div className="lesson-answer-row">
                  {masked && <span className="muted small">{t('lesson.hidden')}</span>}
                  <label className="lesson-mode" title={t('lesson.challengeModeHint')}>
                    <input type="checkbox" checked={challengeMode} onChange={(e) => setChallengeMode(e.target.checked)} data-testid="challenge-mode" />{' '}
                    {t('lesson.challengeMode')}
                  </label>
                  <CommandButton command="lessonAnswer" showLabel />
                </div>
              )}
            </div>
          )}
        </>
      )}
      {draft && (
        <div className="lesson-draft" role="status" data-testid="lesson-draft">
          <span>{t('lesson.draftKept', { lesson: loc(draft.lesson) })}</span>
          <CommandButton command="lessonRestoreDraft" showLabel />
          <CommandButton command="lessonDismissDraft" showLabel />
        </div>
      )}
    </section>
  );
}

/** What `nslookup` would show for the step's question: the names tried, then the records. */
function DnsBox({ dns }: { dns: DnsAnswer }) {
  const t = useT();
  return (
    <div className="lesson-dns" data-testid="lesson-dns" data-rcode={dns.rcode}>
      <div className="lesson-dns-head">
        {t('lesson.dns', { name: dns.question, type: dns.type })} <span className={`lesson-rcode rcode-${dns.rcode}`}>{dns.rcode}</span>
      </div>
      {dns.tries && dns.tries.length > 1 && (
        <div className="muted small">{t('lesson.dnsTries', { tries: dns.tries.map((x) => `${x.name} (${x.upstream ? t('lesson.dnsUpstreamTry') : x.rcode})`).join(', ') })}</div>
      )}
      {dns.answer.length > 0 && (
        <pre className="lesson-records">{dns.answer.map((r) => `${r.name}\t${r.ttl}\tIN\t${r.type}\t${r.data}`).join('\n')}</pre>
      )}
      {dns.upstream && <div className="muted small">{t('lesson.dnsUpstream')}</div>}
    </div>
  );
}
