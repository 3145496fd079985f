// The chat page. ?transport=longpolling|serversentevents|websockets forces one transport (default:
// the client negotiates the best); ?user=NAME sets the name shown with your messages.
"use strict";

const params = new URLSearchParams(location.search);
const transports = {
  longpolling: signalR.HttpTransportType.LongPolling,
  serversentevents: signalR.HttpTransportType.ServerSentEvents,
  websockets: signalR.HttpTransportType.WebSockets,
};
const transport = (params.get("transport") || "").toLowerCase();
const user = params.get("user") || `guest-${Math.floor(Math.random() * 10000)}`;
const element = (id) => document.getElementById(id);

// The state is also in data-state ("connecting", "connected", "failed", "closed") for tests to read.
function showStatus(state, detail) {
  element("status").dataset.state = state;
  element("status").textContent = detail ? `${state}: ${detail}` : state;
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl("chat", transport in transports ? { transport: transports[transport] } : {})
  .configureLogging(signalR.LogLevel.Warning)
  .build();

connection.on("message", (message) => {
  const item = document.createElement("li");
  item.textContent = `${message.user}: ${message.text}`;
  item.title = `received by worker ${message.workerId}`;
  element("messages").append(item);
});

connection.onclose((error) => showStatus("closed", error ? String(error) : "stopped"));

element("send").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = element("text");
  try {
    await connection.invoke("Send", user, text.value);
    text.value = "";
  } catch (error) {
    showStatus("failed", `send: ${error}`);
  }
});

async function start() {
  element("user").textContent = user;
  element("transport").textContent = transport in transports ? transport : "auto";
  try {
    await connection.start();
    const me = await connection.invoke("WhoAmI");
    const worker = element("worker");
    worker.textContent = `worker ${me.workerId} (pid ${me.pid}, ${me.mode})`;
    worker.dataset.workerId = me.workerId;
    worker.dataset.pid = me.pid;
    showStatus("connected");
  } catch (error) {
    showStatus("failed", String(error));
  }
}

start();
