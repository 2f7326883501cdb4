// The WordPress import's progress page (templates/blog/wordpress/run.html): polls the run's status and reloads
// the page, which then shows the report, once the run is over. Without JavaScript the "Update now" link does it.
const root = document.querySelector("[data-wp-import-progress]");
if (root) {
  const status = root.querySelector("[data-wp-import-status]");
  const bar = root.querySelector("[data-wp-import-bar]");
  const count = root.querySelector("[data-wp-import-count]");
  let failures = 0;

  const poll = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      failures = 0;
      if (data.over) {
        window.location.reload();
        return;
      }
      if (data.total) {
        bar.max = data.total;
        bar.value = data.done;
      }
      count.textContent = data.text;
      // The live region changes only when the step does, so a screen reader is not flooded with numbers.
      const text = data.label ? `${data.status_label}: ${data.label}` : data.status_label;
      if (status.textContent.trim() !== text) status.textContent = text;
    } catch {
      failures += 1;
    }
    window.setTimeout(poll, Math.min(2000 * 2 ** failures, 30000));
  };
  window.setTimeout(poll, 1000);
}
