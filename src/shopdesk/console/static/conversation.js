// One conversation: live transcript and typing both ways over the agent WebSocket; reply,
// notes, claim, transfer, close and hand back through the agent API.
import { api, connect, flash, wireActions } from "./console.js";

const root = document.getElementById("conversation");
const id = root.dataset.id;
const path = `/conversations/${encodeURIComponent(id)}`;
const transcript = document.getElementById("transcript");
const typing = document.getElementById("typing");
const replyForm = document.getElementById("reply");
const replyText = document.getElementById("reply-text");
const label = (name) => root.dataset[`label${name[0].toUpperCase()}${name.slice(1)}`] ?? name;

function scrollDown() {
  transcript.scrollTop = transcript.scrollHeight;
}

function addMessage(message) {
  if (!message?.id || transcript.querySelector(`[data-id="${CSS.escape(message.id)}"]`)) return;
  const item = document.createElement("li");
  item.className = `msg ${message.role}`;
  item.dataset.id = message.id;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = message.role === "agent" && message.agent?.name ? message.agent.name : label(message.role);
  const text = document.createElement("p");
  text.className = "text";
  text.textContent = message.text;
  const time = document.createElement("time");
  time.dateTime = message.created_at ?? "";
  time.textContent = (message.created_at ?? "").slice(11, 16);
  item.append(who, text, time);
  transcript.append(item);
  if (message.role === "customer") typing.hidden = true;
  scrollDown();
}

function setState(state, agentId) {
  root.dataset.state = state;
  if (agentId !== undefined) root.dataset.owner = agentId ?? "";
  const stateLabel = document.getElementById("state-label");
  stateLabel.textContent = label(`state${state[0].toUpperCase()}${state.slice(1)}`);
  stateLabel.className = `state-${state}`;
  document.getElementById("claim").hidden = state !== "queued";
  // Only the owner of a conversation with an agent can write to the shopper.
  document.getElementById("reply-fields").disabled = state !== "agent";
  // A closed conversation reopens with the bot when the shopper writes; nothing to act on here.
  document.getElementById("owner-actions").hidden = state === "closed";
}

// Notes come back from the API and, for every agent following the queue, as "note" events.
const notes = document.getElementById("notes");
const agentNames = JSON.parse(notes.dataset.names || "{}");
function addNote(note) {
  if (!note?.id || notes.querySelector(`[data-id="${CSS.escape(String(note.id))}"]`)) return;
  const item = document.createElement("li");
  item.dataset.id = note.id;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = agentNames[note.agent_id] ?? note.agent_id ?? "";
  item.append(who, document.createTextNode(` ${note.text}`));
  notes.append(item);
}

let typingTimer = null;
function showTyping() {
  typing.hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    typing.hidden = true;
  }, 4000);
}

const socket = connect(
  (event) => {
    if (event.conversation_id && event.conversation_id !== id) return;
    if (event.type === "message") addMessage(event.message);
    else if (event.type === "typing" && event.role === "customer") showTyping();
    else if (event.type === "state") setState(event.state, event.agent_id);
    else if (event.type === "queue" && event.state) setState(event.state, event.agent_id);
    else if (event.type === "note") addNote(event.note);
  },
  (send) => send({ type: "subscribe", conversation_id: id }),
);

let lastTyping = 0;
replyText.addEventListener("input", () => {
  const now = Date.now();
  if (now - lastTyping > 2000 && replyText.value.trim()) {
    lastTyping = now;
    socket.send({ type: "typing", conversation_id: id });
  }
});
// "/shortcut" then Tab expands a canned response in place.
function expandShortcut() {
  const before = replyText.value.slice(0, replyText.selectionStart);
  const match = before.match(/(?:^|\s)\/([a-z0-9_-]+)$/);
  if (!match) return false;
  const option = document.querySelector(`#canned option[data-shortcut="${CSS.escape(match[1])}"]`);
  if (!option) return false;
  const start = replyText.selectionStart - match[1].length - 1;
  replyText.setRangeText(option.value, start, replyText.selectionStart, "end");
  return true;
}

replyText.addEventListener("keydown", (event) => {
  if (event.key === "Tab" && !event.shiftKey && expandShortcut()) {
    event.preventDefault();
    return;
  }
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    replyForm.requestSubmit();
  }
});

replyForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = replyText.value.trim();
  if (!text) return;
  const button = document.getElementById("send");
  button.disabled = true;
  try {
    const message = await api(`${path}/messages`, { text, client_id: crypto.randomUUID() });
    addMessage(message.message ?? message);
    replyText.value = "";
    replyText.focus();
  } catch (err) {
    flash(err.message, true);
  } finally {
    button.disabled = false;
  }
});

document.getElementById("insert-canned")?.addEventListener("click", () => {
  const value = document.getElementById("canned").value;
  const start = replyText.selectionStart ?? replyText.value.length;
  replyText.setRangeText(value, start, replyText.selectionEnd ?? start, "end");
  replyText.focus();
});

document.getElementById("note-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const field = document.getElementById("note-text");
  const text = field.value.trim();
  if (!text) return;
  try {
    addNote(await api(`${path}/notes`, { text }));
    field.value = "";
  } catch (err) {
    flash(err.message, true);
  }
});

document.getElementById("close-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const result = await api(`${path}/close`, { reason: document.getElementById("close-reason").value });
    setState(result.state ?? "closed");
  } catch (err) {
    flash(err.message, true);
  }
});

document.getElementById("transfer-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const select = document.getElementById("transfer-to");
  try {
    await api(`${path}/transfer`, {
      agent_id: select.value,
      agent_name: select.selectedOptions[0]?.textContent ?? "",
    });
    location.href = "/console";
  } catch (err) {
    flash(err.message, true);
  }
});

wireActions(document.body, {
  async claim() {
    const result = await api(`${path}/claim`);
    setState(result.state ?? "agent", result.agent_id);
    replyText.focus();
  },
  async "hand-back"() {
    const result = await api(`${path}/hand-back`);
    setState(result.state ?? "bot");
  },
});

scrollDown();
