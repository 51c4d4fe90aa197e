/** Plain notice for a section whose feature has not landed yet (no fake numbers). */
export function NotBuilt({ title, what, cli }: { title: string; what: string; cli?: string }) {
  return (
    <section aria-labelledby="nb-title">
      <h1 id="nb-title">{title}</h1>
      <div className="callout info" role="status">
        <p>
          <strong>Not built yet.</strong> {what}
        </p>
        {cli ? (
          <p>
            Planned CLI: <code>{cli}</code>
          </p>
        ) : null}
      </div>
    </section>
  );
}
