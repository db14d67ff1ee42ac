// Shared helpers of the console pages: the agent API with the session's CSRF token, the agent
// WebSocket with reconnection, and a status line for results.

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

export async function api(path, body = {}, method = "POST") {
  const response = await fetch(`/v1/agent${path}`, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: method === "GET" ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(data?.error?.message ?? `HTTP ${response.status}`);
  }
  return data;
}

export function flash(text, isError = false) {
  const el = document.getElementById("flash");
  if (!el) return;
  el.textContent = text;
  el.classList.toggle("is-error", isError);
}

// One WebSocket per page; on a drop it comes back with a growing delay (at most 10 s), and
// `onOpen` runs again so the page can re-subscribe and catch up on what it missed.
export function connect(onEvent, onOpen = () => {}) {
  const banner = document.getElementById("conn");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let socket = null;
  let delay = 500;
  let pending = [];

  function open() {
    socket = new WebSocket(`${scheme}://${location.host}/v1/agent/ws`);
    socket.addEventListener("open", () => {
      delay = 500;
      if (banner) banner.hidden = true;
      onOpen(send);
      for (const item of pending.splice(0)) socket.send(item);
    });
    socket.addEventListener("message", (event) => {
      try {
        onEvent(JSON.parse(event.data));
      } catch (err) {
        console.error(err);
      }
    });
    socket.addEventListener("close", () => {
      if (banner) banner.hidden = false;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    });
  }

  function send(message) {
    const text = JSON.stringify(message);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
    else if (message.type !== "typing") pending.push(text);
  }

  open();
  return { send };
}

export function wireActions(root, handlers) {
  root.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-action]");
    if (!button || !handlers[button.dataset.action]) return;
    button.disabled = true;
    try {
      await handlers[button.dataset.action](button);
    } catch (err) {
      flash(err.message, true);
    } finally {
      button.disabled = false;
    }
  });
}
