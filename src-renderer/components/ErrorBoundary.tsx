import { Component, type ReactNode } from 'react';

/** Catches render errors in a view so one broken section never blanks the whole app. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  override render() {
    if (this.state.error) {
      // A view's code chunk is gone when the app was rebuilt or updated while this page was open.
      const stale = /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(this.state.error.message);
      return (
        <div role="alert" className="callout error">
          <h2>{stale ? 'The app was updated' : 'Something went wrong in this view'}</h2>
          <p>{stale ? 'This page is from an older version of the app. Reload to continue; your data is safe.' : this.state.error.message}</p>
          {stale ? (
            <button type="button" onClick={() => location.reload()}>
              Reload
            </button>
          ) : (
            <button type="button" onClick={() => this.setState({ error: null })}>
              Try again
            </button>
          )}
        </div>
      );
    }
    return this.props.children;
  }
}
