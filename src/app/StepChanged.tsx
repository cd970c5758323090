import { useT } from '../i18n/useT';
import type { StepChange } from '../store/lesson';
import { CommandButton } from '../commands/CommandButton';
import './Lessons.css';

/**
 * The cluster or the request is no longer the step's: its text and its question describe the
 * picture the step loaded, so the panel says so plainly, and offers the step's picture back.
 */
export function StepChanged({ change }: { change: StepChange }) {
  const t = useT();
  return (
    <div className="lesson-changed" role="status" data-testid="lesson-changed" data-change={change}>
      <span>{t(`lesson.changed.${change}`)}</span>
      <CommandButton command="lessonResetStep" showLabel />
    </div>
  );
}
