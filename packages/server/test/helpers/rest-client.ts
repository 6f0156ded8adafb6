/** A small REST client for e2e tests: logs in once and sends JSON with the Bearer token. */
export interface RestResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export class RestClient {
  readonly baseUrl: string;
  #token = '';

  constructor(httpPort: number, host = '127.0.0.1') {
    this.baseUrl = `http://${host}:${httpPort}`;
  }

  get token(): string {
    return this.#token;
  }

  /** Uses a token obtained elsewhere (tokens are valid on every node of a cluster). */
  useToken(token: string): this {
    this.#token = token;
    return this;
  }

  async login(username: string, password: string): Promise<void> {
    const res = await this.request<{ token: string }>('POST', '/api/login', { username, password });
    if (res.status !== 200)
      throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.#token = res.body.token;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<RestResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: res.headers,
    };
  }

  /** POST that must succeed with 201. */
  async create<T = unknown>(path: string, body: unknown): Promise<T> {
    const res = await this.request<T>('POST', path, body);
    if (res.status !== 201)
      throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Polls a GET until `predicate` holds (bounded); returns the last body. */
  async until<T>(path: string, predicate: (body: T) => boolean, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.request<T>('GET', path);
      if (res.status === 200 && predicate(res.body)) return res.body;
      if (Date.now() > deadline) {
        throw new Error(
          `GET ${path}: condition not met within ${timeoutMs} ms; last ${JSON.stringify(res.body)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
