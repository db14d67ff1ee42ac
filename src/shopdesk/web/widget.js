/*! shopdesk chat widget — <shopdesk-chat>, a Web Component in a shadow DOM, no dependencies.
 *
 * Embed with one tag:  <script src="https://support.example.com/widget.js" defer></script>
 * Attributes (on <shopdesk-chat>, or as data-* on that script tag): server, locale, chat-title,
 * brand-color. Events on the element: shopdesk:ready, :open, :close, :message, :state.
 * Protocol: the chat API (WebSocket with resume, HTTP fallback) — see docs/ARCHITECTURE.md.
 */
(() => {
  "use strict";
  if (!window.customElements || customElements.get("shopdesk-chat")) return;

  const SCRIPT = document.currentScript;
  const ORIGIN = SCRIPT && SCRIPT.src ? new URL(SCRIPT.src, location.href).origin : location.origin;
  const LANGS = ["en", "es", "fr", "de", "pt", "it"];
  const KEYS = ("title launcher close input placeholder send log you bot agent typing queued joined " +
    "closed back up down rated csat stars thanks offline error order carrier tracking track eta " +
    "items history newtab unread").split(" ");
  // One line per language, in KEYS order ("|"-separated): short to ship, easy to compare.
  const TEXT = {
    en: "Support|Chat with us|Close chat|Your message|Type your message…|Send|Conversation|You|Assistant|Support agent|{who} is typing…|Waiting for a person — they will answer here.|{name} joined the conversation|This conversation is closed. Write again any time.|You are chatting with the assistant again.|Helpful|Not helpful|Thanks for your feedback|How would you rate this conversation?|{n} out of 5|Thank you for your rating!|Connection lost. Reconnecting…|Something went wrong. Please try again.|Order|Carrier|Tracking number|Track parcel|Estimated delivery|Items|Tracking history|(opens in a new tab)|{n} new",
    es: "Atención al cliente|Habla con nosotros|Cerrar chat|Tu mensaje|Escribe tu mensaje…|Enviar|Conversación|Tú|Asistente|Agente|{who} está escribiendo…|Esperando a una persona: te responderá aquí.|{name} se ha unido a la conversación|Esta conversación está cerrada. Escríbenos cuando quieras.|Vuelves a hablar con el asistente.|Útil|No es útil|Gracias por tu opinión|¿Cómo valorarías esta conversación?|{n} de 5|¡Gracias por tu valoración!|Conexión perdida. Reconectando…|Algo ha fallado. Inténtalo de nuevo.|Pedido|Transportista|Número de seguimiento|Seguir el envío|Entrega estimada|Artículos|Historial del envío|(se abre en una pestaña nueva)|{n} nuevos",
    fr: "Service client|Discutons|Fermer le chat|Votre message|Écrivez votre message…|Envoyer|Conversation|Vous|Assistant|Conseiller|{who} écrit…|En attente d’une personne : elle vous répondra ici.|{name} a rejoint la conversation|Cette conversation est terminée. Écrivez-nous quand vous voulez.|Vous discutez à nouveau avec l’assistant.|Utile|Pas utile|Merci pour votre avis|Comment évaluez-vous cette conversation ?|{n} sur 5|Merci pour votre note !|Connexion perdue. Reconnexion…|Un problème est survenu. Réessayez.|Commande|Transporteur|Numéro de suivi|Suivre le colis|Livraison estimée|Articles|Historique du suivi|(s’ouvre dans un nouvel onglet)|{n} nouveaux",
    de: "Kundenservice|Chatten Sie mit uns|Chat schließen|Ihre Nachricht|Nachricht schreiben…|Senden|Unterhaltung|Sie|Assistent|Mitarbeiter|{who} schreibt…|Warten auf eine Person – sie antwortet hier.|{name} ist dem Gespräch beigetreten|Dieses Gespräch ist beendet. Schreiben Sie uns jederzeit wieder.|Sie chatten wieder mit dem Assistenten.|Hilfreich|Nicht hilfreich|Danke für Ihr Feedback|Wie bewerten Sie dieses Gespräch?|{n} von 5|Vielen Dank für Ihre Bewertung!|Verbindung verloren. Neuer Versuch…|Etwas ist schiefgelaufen. Bitte erneut versuchen.|Bestellung|Versanddienst|Sendungsnummer|Sendung verfolgen|Voraussichtliche Zustellung|Artikel|Sendungsverlauf|(öffnet in neuem Tab)|{n} neu",
    pt: "Apoio ao cliente|Fale connosco|Fechar chat|A sua mensagem|Escreva a sua mensagem…|Enviar|Conversa|Você|Assistente|Agente|{who} está a escrever…|À espera de uma pessoa: vai responder aqui.|{name} entrou na conversa|Esta conversa terminou. Escreva-nos quando quiser.|Está novamente a falar com o assistente.|Útil|Não é útil|Obrigado pela sua opinião|Como avalia esta conversa?|{n} de 5|Obrigado pela sua avaliação!|Ligação perdida. A restabelecer…|Algo correu mal. Tente novamente.|Encomenda|Transportadora|Número de seguimento|Seguir a encomenda|Entrega prevista|Artigos|Histórico do envio|(abre num novo separador)|{n} novas",
    it: "Assistenza|Scrivici|Chiudi chat|Il tuo messaggio|Scrivi un messaggio…|Invia|Conversazione|Tu|Assistente|Operatore|{who} sta scrivendo…|In attesa di una persona: ti risponderà qui.|{name} si è unito alla conversazione|Questa conversazione è chiusa. Scrivici quando vuoi.|Stai di nuovo parlando con l’assistente.|Utile|Non utile|Grazie per il tuo parere|Come valuti questa conversazione?|{n} su 5|Grazie per la tua valutazione!|Connessione persa. Riconnessione…|Qualcosa è andato storto. Riprova.|Ordine|Corriere|Numero di tracciamento|Traccia il pacco|Consegna prevista|Articoli|Cronologia della spedizione|(si apre in una nuova scheda)|{n} nuovi",
  };
  const STATUS_KEYS = ("pending paid processing shipped out_for_delivery delivered cancelled returned " +
    "refunded on_hold payment_failed").split(" ");
  const STATUS = {
    en: "Pending|Paid|Processing|Shipped|Out for delivery|Delivered|Cancelled|Returned|Refunded|On hold|Payment failed",
    es: "Pendiente|Pagado|En preparación|Enviado|En reparto|Entregado|Cancelado|Devuelto|Reembolsado|En espera|Pago fallido",
    fr: "En attente|Payée|En préparation|Expédiée|En cours de livraison|Livrée|Annulée|Retournée|Remboursée|Suspendue|Paiement refusé",
    de: "Ausstehend|Bezahlt|In Bearbeitung|Versandt|In Zustellung|Zugestellt|Storniert|Zurückgesandt|Erstattet|Angehalten|Zahlung fehlgeschlagen",
    pt: "Pendente|Paga|Em preparação|Enviada|Em distribuição|Entregue|Cancelada|Devolvida|Reembolsada|Em espera|Pagamento falhado",
    it: "In attesa|Pagato|In lavorazione|Spedito|In consegna|Consegnato|Annullato|Reso|Rimborsato|Sospeso|Pagamento non riuscito",
  };
  const table = (keys, line) => Object.fromEntries(line.split("|").map((v, i) => [keys[i], v]));
  const I18N = {};
  for (const l of LANGS) I18N[l] = { ...table(KEYS, TEXT[l]), status: table(STATUS_KEYS, STATUS[l]) };

  const ICON = {
    chat: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>',
    close: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" fill="none"/></svg>',
    send: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20l18-8L3 4v6l12 2-12 2z"/></svg>',
    up: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M2 10h4v11H2zM8 21h9.3a2 2 0 0 0 2-1.6l1.6-8A2 2 0 0 0 19 9h-5.6l.9-4.2A1.6 1.6 0 0 0 11.5 3L8 9z"/></svg>',
    star: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6L2.5 9.4l6.6-.8z"/></svg>',
  };

  const STYLE = `
:host{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1c1d1f;--b:#1f5f5b}
*{box-sizing:border-box}
[hidden]{display:none!important}
button{font:inherit;color:inherit;cursor:pointer}
:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
svg{width:20px;height:20px;fill:currentColor}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launch{width:60px;height:60px;border-radius:50%;border:0;background:var(--b);color:#fff;display:grid;place-items:center;box-shadow:0 6px 20px rgba(0,0,0,.25);margin-left:auto}
.launch{position:relative}.launch svg{width:28px;height:28px}
.badge-n{position:absolute;top:-2px;right:-2px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b42318;color:#fff;font-size:12px;font-weight:700;display:grid;place-items:center;border:2px solid #fff}
.panel{position:absolute;right:0;bottom:0;width:380px;height:min(640px,calc(100vh - 40px));background:#fff;border-radius:16px;box-shadow:0 12px 40px rgba(0,0,0,.22);display:flex;flex-direction:column;overflow:hidden}
header{background:var(--b);color:#fff;padding:14px 12px 14px 18px;display:flex;align-items:center;gap:12px}
header .t{flex:1;min-width:0}
header h2{margin:0;font-size:16px;font-weight:650}
header p{margin:1px 0 0;font-size:13px;opacity:.92}
.x{border:0;background:transparent;color:#fff;width:40px;height:40px;border-radius:50%;display:grid;place-items:center}
.x:hover{background:rgba(255,255,255,.16)}
.banner{padding:9px 16px;font-size:13.5px;background:#fff7e0;color:#4d3b00;border-bottom:1px solid #f0e2b6}
.banner.agent,.banner.bot{background:#e9f6ee;color:#14532d;border-color:#cde9d6}
.banner.closed{background:#f1f1f3;color:#333;border-color:#e2e2e6}
.conn{padding:6px 16px;font-size:13px;background:#fdecec;color:#8a1c1c}
.log{flex:1;overflow-y:auto;padding:16px 14px 8px;display:flex;flex-direction:column;gap:10px;background:#fafaf8;overscroll-behavior:contain}
.row{display:flex;gap:8px;align-items:flex-end;max-width:88%}
.row.customer{align-self:flex-end;flex-direction:row-reverse}
.row.system{align-self:center;max-width:92%;text-align:center;font-size:13px;color:#55575c}
.col{display:flex;flex-direction:column;min-width:0}
.customer .col{align-items:flex-end}
.who{font-size:12px;color:#55575c;margin:0 0 3px 4px}
.bubble{padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;background:#eef0f2}
.bot .bubble{border-bottom-left-radius:5px}
.agent .bubble{background:color-mix(in srgb,var(--b) 12%,#fff);border-bottom-left-radius:5px}
.customer .bubble{background:var(--b);color:#fff;border-bottom-right-radius:5px}
.customer .bubble a{color:#fff}
.bubble a{color:inherit;text-decoration:underline}
.pending .bubble{opacity:.7}
.failed .bubble{background:#a42020}
.note{font-size:12px;color:#a42020;margin-top:3px}
.av{width:30px;height:30px;border-radius:50%;flex:none;background:#48566a;color:#fff;display:grid;place-items:center;font-size:12px;font-weight:700;overflow:hidden}
.av img{width:100%;height:100%;object-fit:cover}
.rate{display:flex;gap:2px;margin:2px 0 0 2px;align-items:center;font-size:12px;color:#55575c}
.rate button{border:0;background:transparent;width:32px;height:32px;border-radius:8px;display:grid;place-items:center;color:#5f6368}
.rate button svg{width:16px;height:16px}
.rate button:hover{background:#eceef0}
.rate button[aria-pressed=true]{color:var(--b);background:color-mix(in srgb,var(--b) 14%,#fff)}
.rate .dn svg{transform:rotate(180deg)}
.quick{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}
.quick button{border:1.5px solid var(--b);color:var(--b);background:#fff;border-radius:999px;padding:6px 14px;font-size:14px;min-height:36px}
.quick button:hover{background:color-mix(in srgb,var(--b) 10%,#fff)}
.card{margin-top:8px;border:1px solid #e2e4e8;border-radius:14px;background:#fff;padding:12px 14px;font-size:14px;white-space:normal}
.ch{display:flex;justify-content:space-between;align-items:center;gap:8px;margin-bottom:8px}
.ch b{font-size:15px}
.badge{font-size:12px;font-weight:650;padding:3px 9px;border-radius:999px;background:#e8eefb;color:#1e3a8a;white-space:nowrap}
.badge.delivered,.badge.refunded{background:#e3f4e8;color:#14532d}
.badge.cancelled,.badge.payment_failed,.badge.on_hold{background:#fde8e8;color:#8a1c1c}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}
dt{color:#55575c}
dd{margin:0;font-weight:550;overflow-wrap:anywhere}
.card a{color:var(--b);font-weight:600}
.items{margin:8px 0 0;padding:8px 0 0;border-top:1px solid #eef0f2;list-style:none}
.h{margin:10px 0 6px;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#55575c}
.tl{list-style:none;margin:0;padding:0}
.tl li{position:relative;padding:0 0 10px 20px}
.tl li:before{content:"";position:absolute;left:4px;top:6px;width:8px;height:8px;border-radius:50%;background:#b9bec7}
.tl li:not(:last-child):after{content:"";position:absolute;left:7.5px;top:16px;bottom:0;width:1px;background:#d5d8de}
.tl li:first-child:before{background:var(--b);box-shadow:0 0 0 3px color-mix(in srgb,var(--b) 22%,#fff)}
.tl li:first-child .d{font-weight:650}
.tl .m{font-size:12.5px;color:#55575c}
.csat{align-self:stretch;border:1px solid #e2e4e8;border-radius:14px;background:#fff;padding:12px;text-align:center}
.csat p{margin:0 0 8px;font-weight:600}
.stars{display:flex;justify-content:center;gap:4px}
.stars button{border:0;background:transparent;width:40px;height:40px;border-radius:8px;color:#8a8f98;display:grid;place-items:center}
.stars svg{width:28px;height:28px}
.stars button.on{color:#b45309}
.typing{padding:2px 18px 6px;font-size:13px;color:#55575c;display:flex;align-items:center;gap:8px;background:#fafaf8}
.dots{display:inline-flex;gap:3px}
.dots i{width:6px;height:6px;border-radius:50%;background:#8a8f98;animation:bl 1.2s infinite}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes bl{0%,80%,100%{opacity:.3}40%{opacity:1}}
@media (prefers-reduced-motion:reduce){.dots i{animation:none}}
form{display:flex;gap:8px;padding:10px 12px 12px;border-top:1px solid #eceef0;background:#fff}
input{flex:1;min-width:0;font:inherit;padding:10px 14px;border:1.5px solid #8a8f98;border-radius:22px;color:#1c1d1f;background:#fff}
input:focus{border-color:var(--b);outline:none;box-shadow:0 0 0 3px color-mix(in srgb,var(--b) 25%,#fff)}
.go{width:44px;height:44px;border:0;border-radius:50%;background:var(--b);color:#fff;display:grid;place-items:center;flex:none}
@media (max-width:480px){:host{right:12px;bottom:12px}.panel{position:fixed;inset:0;width:100%;height:100%;border-radius:0}}
`;

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const uid = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));
  const base = (l) => (l || "").slice(0, 2).toLowerCase();
  const initials = (name) => name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("") || "?";
  const URL_RE = /(https?:\/\/[^\s<>"')]+)/;

  class ShopdeskChat extends HTMLElement {
    static get observedAttributes() { return ["locale", "chat-title", "brand-color"]; }

    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      this.conv = null; // {id, token}
      this.byId = new Map(); // message id → row: every message is shown once
      this.outbox = []; // {client_id, text, row, id?}: unacknowledged customer messages
      this.unbound = []; // sent over HTTP: their ids arrive with the next transcript
      this.last = null; // newest message id seen: the resume point
      this.ratings = {};
      this.restored = [];
      this.state = "bot";
      this.agentName = null;
      this.ws = null;
      this.failures = 0;
      this.fallback = false;
      this.onOnline = () => { if (this.conv && !this.live()) this.connect(0); };
      this.onOffline = () => { if (this.conv) this.conn.hidden = false; };
    }

    get server() { return (this.getAttribute("server") || ORIGIN).replace(/\/+$/, ""); }
    get key() { return "shopdesk:" + this.server; }

    connectedCallback() {
      window.addEventListener("online", this.onOnline);
      window.addEventListener("offline", this.onOffline);
      if (this.panel) {
        // Moved within the page: pick the conversation up again.
        this.stopped = false;
        if (this.conv) this.connect(0);
        return;
      }
      this.lang = this.pickLang();
      this.build();
      this.applyAttributes();
      // Restored before anything saves: a reload resumes the same conversation.
      const saved = this.load() || {};
      this.conv = saved.conv || null;
      this.ratings = saved.ratings || {};
      this.csatDone = saved.csat || false;
      this.restored = saved.outbox || [];
      if (saved.open) this.open(false);
      else if (this.conv) this.ensureConversation().catch(() => {});
    }

    disconnectedCallback() {
      window.removeEventListener("online", this.onOnline);
      window.removeEventListener("offline", this.onOffline);
      this.stop();
    }

    attributeChangedCallback() { if (this.panel) this.applyAttributes(); }

    pickLang() {
      const wanted = [this.getAttribute("locale"), ...(navigator.languages || [navigator.language])];
      for (const l of wanted) if (LANGS.includes(base(l))) return base(l);
      return null; // the shop's locale, once the server names it
    }

    t(key, vars) {
      let s = I18N[this.lang || "en"][key];
      for (const k in vars || {}) s = s.replace("{" + k + "}", vars[k]);
      return s;
    }

    // -- the shadow DOM ---------------------------------------------------------------------

    build() {
      const r = this.root;
      r.innerHTML = `<style>${STYLE}</style>
<button class="launch" type="button" aria-expanded="false" aria-controls="p">${ICON.chat}<span class="badge-n" aria-hidden="true" hidden></span></button>
<section class="panel" id="p" role="dialog" aria-labelledby="h" hidden>
 <header><div class="t"><h2 id="h"></h2><p class="sub"></p></div><button class="x" type="button">${ICON.close}</button></header>
 <div class="banner" role="status" hidden></div>
 <div class="conn" role="status" hidden></div>
 <div class="log" role="log" aria-live="polite" aria-relevant="additions" tabindex="0"></div>
 <div class="typing" hidden><span class="dots" aria-hidden="true"><i></i><i></i><i></i></span><span class="tt"></span></div>
 <form><label class="sr" for="i"></label><input id="i" autocomplete="off" maxlength="2000"><button class="go" type="submit">${ICON.send}<span class="sr"></span></button></form>
</section>`;
      const $ = (s) => r.querySelector(s);
      Object.assign(this, {
        launcher: $(".launch"), panel: $(".panel"), heading: $("#h"), sub: $(".sub"), closer: $(".x"),
        banner: $(".banner"), conn: $(".conn"), log: $(".log"), typing: $(".typing"), form: $("form"), input: $("#i"),
      });
      this.launcher.onclick = () => this.open();
      this.closer.onclick = () => this.close();
      this.panel.addEventListener("keydown", (e) => { if (e.key === "Escape") this.close(); });
      this.form.onsubmit = (e) => {
        e.preventDefault();
        const text = this.input.value.trim();
        if (!text) return;
        this.input.value = "";
        this.send(text);
      };
      this.input.oninput = () => {
        const now = Date.now();
        if (this.live() && now - (this.typedAt || 0) > 3000) {
          this.typedAt = now;
          this.ws.send(JSON.stringify({ type: "typing" }));
        }
      };
    }

    applyAttributes() {
      const color = this.getAttribute("brand-color");
      if (color && CSS_SUPPORTS(color)) this.style.setProperty("--b", color);
      const wanted = this.getAttribute("locale");
      if (wanted && LANGS.includes(base(wanted))) this.lang = base(wanted);
      this.relabel();
    }

    relabel() {
      this.heading.textContent = this.getAttribute("chat-title") || this.t("title");
      this.launcher.setAttribute("aria-label", this.t("launcher") + (this.unread ? " (" + this.t("unread", { n: this.unread }) + ")" : ""));
      const badge = this.launcher.querySelector(".badge-n");
      badge.textContent = this.unread || "";
      badge.hidden = !this.unread;
      this.launcher.title = this.t("launcher");
      this.closer.setAttribute("aria-label", this.t("close"));
      this.root.querySelector("label").textContent = this.t("input");
      this.input.placeholder = this.t("placeholder");
      this.form.querySelector(".go .sr").textContent = this.t("send");
      this.log.setAttribute("aria-label", this.t("log"));
      this.conn.textContent = this.t("offline");
      this.sub.textContent = this.state === "agent" ? this.agentName || this.t("agent") : this.t("bot");
      this.root.host.lang = this.lang || "";
    }

    isOpen() { return !this.panel.hidden; }

    async open(focus = true) {
      this.unread = 0;
      this.relabel();
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.launcher.setAttribute("aria-expanded", "true");
      if (focus) this.input.focus();
      this.emit("open");
      this.save();
      try {
        await this.ensureConversation();
      } catch (err) {
        this.system(this.t("error"));
      }
    }

    close() {
      this.panel.hidden = true;
      this.launcher.hidden = false;
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.focus();
      this.emit("close");
      this.save();
    }

    emit(name, detail) {
      this.dispatchEvent(new CustomEvent("shopdesk:" + name, { detail: detail || {}, bubbles: true, composed: true }));
    }

    // -- conversation and persistence -------------------------------------------------------

    load() {
      try { return JSON.parse(sessionStorage.getItem(this.key) || "null"); } catch (e) { return null; }
    }

    save() {
      const data = {
        open: this.panel && this.isOpen(), conv: this.conv, last: this.last, ratings: this.ratings,
        csat: this.csatDone || false,
        outbox: [...this.restored, ...this.outbox].map(({ client_id, text }) => ({ client_id, text })),
      };
      try { sessionStorage.setItem(this.key, JSON.stringify(data)); } catch (e) { /* private mode: no resume */ }
    }

    async api(method, path, body, headers) {
      const res = await fetch(this.server + path, {
        method,
        headers: { "Content-Type": "application/json", ...(this.conv ? { Authorization: "Bearer " + this.conv.token } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) throw Object.assign(new Error((data.error && data.error.message) || res.statusText), { status: res.status });
      return data;
    }

    ensureConversation() {
      if (!this.starting) this.starting = this.start().catch((err) => { this.starting = null; throw err; });
      return this.starting;
    }

    async start() {
      let body = null;
      if (this.conv) {
        try {
          body = await this.api("GET", "/v1/conversations/" + this.conv.id);
        } catch (err) {
          if (err.status !== 401 && err.status !== 404) throw err;
          this.conv = null; // expired or deleted: a new conversation
        }
      }
      if (!body) {
        const wanted = { channel: "web" };
        if (this.lang) wanted.locale = this.lang;
        body = await this.api("POST", "/v1/conversations", wanted);
        this.conv = { id: body.id, token: body.token };
        this.emit("ready", { conversation_id: body.id });
      }
      this.adopt(body);
      // Messages typed before a reload and never acknowledged go out again, same client ids.
      const restored = this.restored;
      this.restored = [];
      for (const item of restored) this.queue(item.client_id, item.text);
      this.connect(0);
    }

    adopt(body) {
      if (!this.lang && LANGS.includes(base(body.locale))) {
        this.lang = base(body.locale);
        this.relabel();
      }
      for (const m of body.messages) this.add(m);
      this.setState(body.state, true);
      this.save();
    }

    // -- the live channel -------------------------------------------------------------------

    live() { return this.ws && this.ws.readyState === 1; }

    connect(delay) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.openSocket(), delay);
    }

    openSocket() {
      if (!this.conv || (this.ws && this.ws.readyState <= 1)) return;
      const q = "?token=" + encodeURIComponent(this.conv.token) + (this.last ? "&after=" + encodeURIComponent(this.last) : "");
      let ws;
      try {
        ws = new WebSocket(this.server.replace(/^http/, "ws") + "/v1/conversations/" + this.conv.id + "/ws" + q);
      } catch (err) {
        return this.lost(false);
      }
      this.ws = ws;
      // A socket counts as working once something came through it or it stayed up a while:
      // some proxies accept the upgrade and then cut every connection at once.
      let healthy = false;
      const works = () => {
        if (healthy || this.ws !== ws) return;
        healthy = true;
        this.failures = 0;
        if (this.fallback) {
          this.setFallback(false);
          for (const item of this.outbox) this.transmit(item);
        }
      };
      ws.onopen = () => {
        this.conn.hidden = true;
        setTimeout(works, 5000);
        for (const item of this.outbox) this.transmit(item);
      };
      ws.onmessage = (e) => {
        works();
        try { this.frame(JSON.parse(e.data)); } catch (err) { /* not ours */ }
      };
      ws.onclose = (e) => {
        if (this.ws !== ws) return;
        this.ws = null;
        if (e.code === 4401 || e.code === 4404) return this.forget();
        this.lost(healthy);
      };
    }

    lost(wasOpen) {
      if (!this.conv || this.stopped) return;
      this.failures = wasOpen ? 1 : this.failures + 1;
      this.conn.hidden = false;
      // Sockets that never open (a proxy that blocks them): talk over HTTP meanwhile.
      if (this.failures >= 2) this.setFallback(true);
      const backoff = Math.min(30000, 500 * 2 ** Math.min(this.failures, 6));
      this.connect(backoff / 2 + Math.random() * backoff / 2);
    }

    setFallback(on) {
      if (this.fallback === on) return;
      this.fallback = on;
      clearInterval(this.pollTimer);
      if (on) {
        this.conn.hidden = true;
        for (const item of this.outbox) this.transmit(item);
        this.pollTimer = setInterval(() => this.poll(), 4000);
      }
    }

    async poll() {
      try {
        this.adopt(await this.api("GET", "/v1/conversations/" + this.conv.id));
      } catch (err) { /* next round */ }
    }

    forget() {
      this.stop();
      this.stopped = false;
      this.conv = null;
      this.starting = null;
      this.save();
    }

    stop() {
      this.stopped = true;
      clearTimeout(this.retryTimer);
      clearInterval(this.pollTimer);
      if (this.ws) { const ws = this.ws; this.ws = null; ws.close(); }
    }

    frame(f) {
      if (f.type === "message") this.add(f.message, true);
      else if (f.type === "ack") this.acked(f.client_id, f.message_id);
      else if (f.type === "state") this.setState(f.state, false, f.agent);
      else if (f.type === "typing") this.showTyping(f.role);
      else if (f.type === "error" && f.client_id) this.refused(f);
    }

    // -- sending ----------------------------------------------------------------------------

    async send(text) {
      this.clearQuick();
      this.queue(uid(), text);
      try {
        await this.ensureConversation();
      } catch (err) {
        return this.system(this.t("error"));
      }
    }

    queue(client_id, text) {
      const item = { client_id, text, row: this.bubble({ role: "customer", text }, true) };
      this.outbox.push(item);
      this.save();
      this.transmit(item);
    }

    transmit(item) {
      if (item.posting) return; // an HTTP send is under way: one path at a time
      if (this.live() && !this.fallback) {
        item.overSocket = true;
        this.ws.send(JSON.stringify({ type: "message", text: item.text, client_id: item.client_id }));
      } else if (this.fallback && this.conv && !item.posting) {
        this.post(item);
      }
    }

    async post(item) {
      item.posting = true;
      try {
        if (item.overSocket) {
          // It may have been stored before the socket died: the transcript tells.
          await this.poll();
          if (item.id) return this.settle(item);
        }
        // The client id is both the idempotency key and the message's client id: a retried POST,
        // or a message first sent over a socket that died, is stored once.
        const turn = await this.api("POST", "/v1/conversations/" + this.conv.id + "/messages", { text: item.text, client_id: item.client_id }, { "Idempotency-Key": item.client_id });
        this.settle(item);
        this.unbound.push(item);
        for (const m of turn.messages) this.add(m);
        this.setState(turn.state);
      } catch (err) {
        if (err.status && err.status < 500 && err.status !== 429) this.refused({ client_id: item.client_id });
      } finally {
        item.posting = false;
      }
    }

    settle(item) {
      this.outbox = this.outbox.filter((o) => o !== item);
      item.row.classList.remove("pending");
      this.save();
    }

    acked(clientId, messageId) {
      const item = this.outbox.find((o) => o.client_id === clientId);
      if (!item) return;
      this.settle(item);
      const shown = this.byId.get(messageId);
      if (shown && shown !== item.row) item.row.remove(); // the resumed transcript showed it first
      else {
        this.byId.set(messageId, item.row);
        item.row.dataset.id = messageId;
      }
      this.last = messageId;
      this.save();
    }

    refused(f) {
      const item = this.outbox.find((o) => o.client_id === f.client_id);
      if (!item) return;
      if (f.error && f.error.code === "service_unavailable") return setTimeout(() => this.transmit(item), 3000);
      this.settle(item);
      item.row.classList.add("failed");
      item.row.querySelector(".col").append(el("div", "note", this.t("error")));
    }

    // -- showing messages -------------------------------------------------------------------

    add(m, live) {
      if (!m || !m.id || this.byId.has(m.id)) return;
      this.last = m.id;
      if (m.role === "customer") {
        // Our own message coming back (resume, or the transcript after an HTTP send): the
        // bubble is already there, so it takes the id instead of appearing twice.
        const mine = this.outbox.find((o) => !o.id && o.text === m.text) || this.unbound.find((o) => o.text === m.text);
        if (mine) {
          mine.id = m.id;
          mine.row.dataset.id = m.id;
          this.unbound = this.unbound.filter((o) => o !== mine);
          this.byId.set(m.id, mine.row);
          return;
        }
      }
      if (m.role !== "customer") this.hideTyping(m.role);
      if (m.role === "agent" && m.agent && m.agent.name) {
        this.agentName = m.agent.name;
        if (this.state === "agent") this.setState("agent", true);
      }
      if (m.role === "bot" && !this.getAttribute("locale") && LANGS.includes(base(m.locale)) && base(m.locale) !== this.lang) {
        this.lang = base(m.locale); // the shopper switched language: the widget follows
        this.relabel();
      }
      const row = this.bubble(m, false);
      row.dataset.id = m.id;
      this.byId.set(m.id, row);
      if (m.quick_replies && m.quick_replies.length) {
        this.clearQuick();
        const q = el("div", "quick");
        for (const label of m.quick_replies) {
          const b = el("button", null, label);
          b.type = "button";
          b.onclick = () => this.send(label);
          q.append(b);
        }
        row.querySelector(".col").append(q);
      }
      this.log.scrollTop = this.log.scrollHeight;
      if (live && !this.isOpen() && m.role !== "customer") {
        this.unread = (this.unread || 0) + 1; // a person answered while the panel was closed
        this.relabel();
      }
      this.emit("message", { message: m });
    }

    bubble(m, pending) {
      const row = el("div", "row " + m.role + (pending ? " pending" : ""));
      const col = el("div", "col");
      if (m.role === "agent") {
        const a = (m.agent && m.agent) || {};
        const name = a.name || this.agentName || this.t("agent");
        const av = el("div", "av", initials(name));
        av.setAttribute("aria-hidden", "true");
        if (a.avatar_url && /^https?:/.test(a.avatar_url)) {
          const img = el("img");
          img.alt = "";
          img.src = a.avatar_url;
          img.onerror = () => img.remove();
          av.append(img);
        }
        row.append(av);
        col.append(el("div", "who", name));
      } else if (m.role === "bot") {
        col.append(el("div", "who", this.t("bot")));
      } else if (m.role === "customer") {
        col.append(el("span", "sr", this.t("you") + ": "));
      }
      const b = el("div", "bubble");
      const parts = String(m.text).split(URL_RE);
      parts.forEach((part, i) => {
        if (i % 2) {
          const a = el("a", null, part);
          a.href = part;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          b.append(a);
        } else if (part) b.append(part);
      });
      col.append(b);
      if (m.card && m.card.type === "order_status") col.append(this.card(m.card));
      // Answers carry the intent they answered; the greeting has none and is not rated.
      if (m.role === "bot" && m.id && m.intent) col.append(this.rater(m.id));
      row.append(col);
      // Messages still on their way stay at the bottom: the server will order them after
      // whatever it delivers meanwhile.
      const waiting = !pending && this.outbox.find((o) => o.row.classList.contains("pending"));
      this.log.insertBefore(row, waiting ? waiting.row : null);
      this.log.scrollTop = this.log.scrollHeight;
      return row;
    }

    card(c) {
      const box = el("section", "card");
      box.setAttribute("aria-label", this.t("order") + " " + c.order_number);
      const head = el("div", "ch");
      head.append(el("b", null, this.t("order") + " " + c.order_number));
      head.append(el("span", "badge " + c.status, this.t("status")[c.status] || String(c.status).replace(/_/g, " ")));
      box.append(head);
      const dl = el("dl");
      const row = (k, v) => { if (v) dl.append(el("dt", null, this.t(k)), typeof v === "string" ? el("dd", null, v) : wrapDd(v)); };
      const wrapDd = (node) => { const dd = el("dd"); dd.append(node); return dd; };
      row("carrier", c.carrier);
      if (c.tracking_number && c.tracking_url && /^https?:/.test(c.tracking_url)) {
        const a = el("a", null, c.tracking_number);
        a.href = c.tracking_url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        a.append(el("span", "sr", " " + this.t("newtab")));
        row("tracking", a);
      } else row("tracking", c.tracking_number);
      if (c.estimated_delivery) row("eta", this.day(c.estimated_delivery));
      box.append(dl);
      if (c.items && c.items.length) {
        const ul = el("ul", "items");
        ul.setAttribute("aria-label", this.t("items"));
        for (const i of c.items) ul.append(el("li", null, i.quantity + " × " + i.name));
        box.append(ul);
      }
      if (c.events && c.events.length) {
        box.append(el("div", "h", this.t("history")));
        const ol = el("ol", "tl");
        // Newest first: the parcel's latest news is what the shopper came for.
        for (const ev of [...c.events].reverse()) {
          const li = el("li");
          li.append(el("div", "d", ev.description));
          li.append(el("div", "m", this.when(ev.at) + (ev.location ? " · " + ev.location : "")));
          ol.append(li);
        }
        box.append(ol);
      }
      return box;
    }

    when(iso) {
      const d = new Date(iso);
      return isNaN(d) ? iso : d.toLocaleString(this.dateLocale(), { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });
    }

    day(ymd) {
      const [y, m, d] = ymd.split("-").map(Number);
      const date = new Date(y, m - 1, d);
      return isNaN(date) ? ymd : date.toLocaleDateString(this.dateLocale(), { weekday: "short", day: "numeric", month: "long" });
    }

    // The browser's own variant (en-GB, pt-BR) when it speaks the widget's language.
    dateLocale() {
      const nav = navigator.language;
      return nav && base(nav) === this.lang ? nav : this.lang || undefined;
    }

    rater(messageId) {
      const box = el("div", "rate");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", this.t("up") + " / " + this.t("down"));
      const note = el("span");
      for (const [rating, cls] of [["up", "up"], ["down", "dn"]]) {
        const b = el("button", cls);
        b.type = "button";
        b.innerHTML = ICON.up;
        b.setAttribute("aria-label", this.t(rating));
        b.title = this.t(rating);
        b.setAttribute("aria-pressed", String(this.ratings[messageId] === rating));
        b.onclick = () => {
          this.ratings[messageId] = rating;
          for (const other of box.querySelectorAll("button")) other.setAttribute("aria-pressed", String(other === b));
          note.textContent = this.t("rated");
          this.save();
          this.rate("feedback", { message_id: messageId, rating });
        };
        box.append(b);
      }
      box.append(note);
      return box;
    }

    rate(type, body) {
      if (this.live()) return this.ws.send(JSON.stringify({ type, ...body }));
      this.api("POST", "/v1/conversations/" + this.conv.id + "/" + type, body).catch(() => {});
    }

    system(text) { this.bubble({ role: "system", text }, false); }

    clearQuick() { for (const q of this.log.querySelectorAll(".quick")) q.remove(); }

    // -- state, typing, CSAT ----------------------------------------------------------------

    setState(state, quiet, agent) {
      if (!state) return;
      if (agent && agent.name) this.agentName = agent.name;
      const before = this.state;
      this.state = state;
      if (before === "closed" && state !== "closed") {
        // Reopened: an unanswered question goes; the next close asks again.
        for (const box of this.log.querySelectorAll(".csat")) if (box.querySelector(".stars")) box.remove();
        this.csatDone = false;
        this.save();
      }
      this.sub.textContent = state === "agent" ? this.agentName || this.t("agent") : this.t("bot");
      const text = {
        queued: this.t("queued"),
        agent: this.t("joined", { name: this.agentName || this.t("agent") }),
        closed: this.t("closed"),
        bot: before !== "bot" && !quiet ? this.t("back") : "",
      }[state];
      this.banner.className = "banner " + state;
      this.banner.textContent = text || "";
      this.banner.hidden = !text;
      if (state === "closed" && !this.csatDone) this.csat();
      if (before !== state) this.emit("state", { state });
    }

    showTyping(role) {
      const who = role === "agent" ? this.agentName || this.t("agent") : this.t("bot");
      this.typing.querySelector(".tt").textContent = this.t("typing", { who });
      this.typing.hidden = false;
      this.typingRole = role;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.hideTyping(role), role === "agent" ? 6000 : 15000);
    }

    hideTyping(role) { if (!role || role === this.typingRole) this.typing.hidden = true; }

    csat() {
      if (this.log.querySelector(".csat .stars")) return;
      const box = el("div", "csat");
      const q = el("p", null, this.t("csat"));
      q.id = "cq";
      const stars = el("div", "stars");
      stars.setAttribute("role", "group");
      stars.setAttribute("aria-labelledby", "cq");
      for (let n = 1; n <= 5; n++) {
        const b = el("button");
        b.type = "button";
        b.innerHTML = ICON.star;
        b.setAttribute("aria-label", this.t("stars", { n }));
        b.onmouseenter = () => paint(n);
        b.onfocus = () => paint(n);
        b.onclick = () => {
          this.csatDone = true;
          this.save();
          this.rate("csat", { score: n });
          box.replaceChildren(el("p", null, this.t("thanks")));
        };
        stars.append(b);
      }
      const paint = (n) => stars.querySelectorAll("button").forEach((b, i) => b.classList.toggle("on", i < n));
      stars.onmouseleave = () => paint(0);
      box.append(q, stars);
      this.log.append(box);
      this.log.scrollTop = this.log.scrollHeight;
    }
  }

  const CSS_SUPPORTS = (color) => window.CSS && window.CSS.supports("color", color);
  customElements.define("shopdesk-chat", ShopdeskChat);

  // One script tag is enough: mount the widget unless the page placed its own element.
  const mount = () => {
    if (document.querySelector("shopdesk-chat") || (SCRIPT && SCRIPT.dataset.mount === "false")) return;
    const chat = document.createElement("shopdesk-chat");
    for (const name of ["server", "locale", "chat-title", "brand-color"]) {
      const value = SCRIPT && SCRIPT.getAttribute("data-" + name);
      if (value) chat.setAttribute(name, value);
    }
    document.body.append(chat);
  };
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
