/**
 * An API error in a page's words. The API names the op and the field as the CLI does ("invalid input
 * for settings.set: reportsDir: …"); a page shows the field under its label ("Reports folder: …").
 */
export function inPageWords(message: string, op: string, labels: Record<string, string>): string {
  const prefix = `invalid input for ${op}: `;
  const m = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  for (const [field, label] of Object.entries(labels)) if (m.startsWith(`${field}: `)) return `${label}: ${m.slice(field.length + 2)}`;
  return m;
}
