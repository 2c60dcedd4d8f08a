// A provider speaking OpenAI's chat-completions protocol on a loopback port, as fast as Node answers: both tools of
// the eval benchmark run their cases against it, so what differs is the tools. It labels a text "positive" unless it
// contains "broke", answers streamed or whole as asked, and reports token usage. It prints its port, then serves
// until killed; GET /count says how many completions it answered.
import http from 'node:http';

let answered = 0;

function reply(body) {
  const messages = body.messages || [];
  const last = messages.length ? String(messages[messages.length - 1].content) : '';
  const label = last.includes('broke') ? 'negative' : 'positive';
  return JSON.stringify({ label });
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/count') {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end(String(answered));
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'the body is not JSON' } }));
      return;
    }
    answered++;
    const content = reply(body);
    const usage = { prompt_tokens: 20, completion_tokens: 6, total_tokens: 26 };
    const base = { id: 'chatcmpl-bench', created: 1700000000, model: body.model || 'gpt-4o-mini' };
    if (body.stream) {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const delta = (d, finish) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: d, finish_reason: finish }] })}\n\n`;
      response.write(delta({ role: 'assistant', content }, null));
      response.write(delta({}, 'stop'));
      response.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
      response.end('data: [DONE]\n\n');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ ...base, object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage }));
  });
});

server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port);
});
