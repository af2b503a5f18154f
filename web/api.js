// Calls to the buyergraph API: JSON in and out, problems as errors, the token when one is set.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || `request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }
}

const tokenKey = 'buyergraph-token';
export const token = {
  get: () => sessionStorage.getItem(tokenKey) || '',
  set: (t) => sessionStorage.setItem(tokenKey, t),
};

function headers(extra = {}) {
  const h = { ...extra };
  if (token.get()) h.Authorization = `Bearer ${token.get()}`;
  return h;
}

async function problemOf(res) {
  try {
    return await res.json();
  } catch {
    return { detail: `the server answered ${res.status}` };
  }
}

export async function api(path, { method = 'GET', body, type = 'application/json' } = {}) {
  const init = { method, headers: headers(body !== undefined ? { 'Content-Type': type } : {}) };
  if (body !== undefined) init.body = type === 'application/json' ? JSON.stringify(body) : body;
  const res = await fetch(path, init);
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return res.json();
}

// The body as a Blob (downloads): fetched with the token, so it works when sign-in is on.
export async function blob(path) {
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return res.blob();
}

// Server-Sent Events over fetch (EventSource cannot send the token). Calls onEvent(name, data)
// for each event; resolves when the stream ends. `signal` aborts it.
export async function events(path, onEvent, signal) {
  const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}
