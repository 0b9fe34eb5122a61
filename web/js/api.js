// The server's JSON API as the dashboard uses it: every call has a deadline, so a server that hangs (or a
// query that waits on a bad host's data) never freezes the page; a 401 asks for the sign-in.
export const REQUEST_TIMEOUT_MS = 4000;

export class SignInNeeded extends Error {}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// GET /api/v1/PATH?PARAMS: the parsed answer, or a thrown SignInNeeded / ApiError naming what failed.
export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
  }
  const url = `/api/v1/${path}${query.size ? "?" + query : ""}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url, { signal: abort.signal, credentials: "same-origin", cache: "no-store" });
  } catch (e) {
    throw new ApiError(0, abort.signal.aborted ? `${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
                                               : `${path}: the server cannot be reached (${e.message})`);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401) throw new SignInNeeded();
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(response.status, `${path}: answer ${response.status} is not JSON`);
  }
  if (!response.ok) throw new ApiError(response.status, `${path}: ${body.error || response.status}`);
  return body;
}

// POST /api/v1/sign-in with the token; resolves on success, throws ApiError with the server's reason.
export async function signIn(token) {
  const response = await fetch("/api/v1/sign-in", {
    method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error || `sign-in failed (${response.status})`);
  return body;
}

export async function signOut() {
  await fetch("/api/v1/sign-out", { method: "POST", credentials: "same-origin" });
}
