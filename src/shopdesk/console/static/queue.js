// The live queue (and the team view): claim and assign through the agent API; the tables are
// re-rendered by the server whenever the agent WebSocket reports a change, and every 30 s so
// waiting times keep counting.
import { api, connect, flash, wireActions } from "./console.js";

const holder = document.getElementById("queue");
let refreshing = null;

async function refresh() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    const response = await fetch(holder.dataset.fragment, { credentials: "same-origin" });
    if (response.redirected || response.status === 401) {
      location.href = "/console/login";
      return;
    }
    if (response.ok) {
      const focused = document.activeElement?.id;
      holder.innerHTML = await response.text();
      if (focused) document.getElementById(focused)?.focus();
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

wireActions(holder, {
  async claim(button) {
    const id = button.dataset.id;
    await api(`/conversations/${encodeURIComponent(id)}/claim`);
    location.href = `/console/conversations/${encodeURIComponent(id)}`;
  },
  async assign(button) {
    const id = button.dataset.id;
    const select = document.querySelector(`[data-assign-select="${CSS.escape(id)}"]`);
    const option = select.selectedOptions[0];
    await api(`/conversations/${encodeURIComponent(id)}/assign`, {
      agent_id: select.value,
      agent_name: option?.textContent ?? "",
    });
    flash(`${option?.textContent ?? ""} ✓`);
    await refresh();
  },
});

connect(
  (event) => {
    if (["queue", "state", "message", "presence"].includes(event.type)) refresh();
  },
  () => refresh(),
);
setInterval(refresh, 30000);
