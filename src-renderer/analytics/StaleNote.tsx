/**
 * The note over a result whose inputs have changed since it was computed (the results outlive the
 * form): what changed, and what to do for results that match. `todo` is that step in the middle of
 * a sentence ("press Run grid", "run the scenario").
 */
export function StaleNote({ changed, todo, blocked, testId }: { changed: string[]; todo: string; blocked: boolean; testId: string }) {
  if (!changed.length) return null;
  return (
    <div className="callout warn" role="status" data-testid={testId}>
      <strong>These are the results for the previous inputs. </strong>
      Changed since: {changed.join(', ')}. {blocked ? `Fix the inputs, then ${todo} for results that match them.` : `${todo.charAt(0).toUpperCase()}${todo.slice(1)} for results that match the current inputs.`}
    </div>
  );
}
