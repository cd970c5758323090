import { Component, type ReactNode } from 'react';
import { useT } from '../i18n/useT';
import { CommandButton } from '../commands/CommandButton';
import './ErrorBoundary.css';

interface Props {
  /** A new value (a new build) tries again. */
  resetKey: unknown;
  children: ReactNode;
}

/**
 * A view that throws while drawing (a bug, met on some cluster) takes down itself, not the
 * page: without this React unmounts everything, and since the text is saved, every reload
 * would draw the same blank page. The editor stays outside, so the text can be fixed.
 */
export class ErrorBoundary extends Component<Props, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidUpdate(before: Props) {
    if (this.state.error && before.resetKey !== this.props.resetKey) this.setState({ error: undefined });
  }

  render() {
    return this.state.error ? <Failed error={this.state.error} /> : this.props.children;
  }
}

function Failed({ error }: { error: Error }) {
  const t = useT();
  return (
    <div className="panel view-failed" role="alert" data-testid="view-failed">
      <p>{t('app.viewFailed', { error: error.message })}</p>
      <CommandButton command="history" className="btn btn-small" showLabel />
    </div>
  );
}
