/**
 * The two tiny Node.js programs the lab runs inside its namespaces. Node is what the lab can
 * count on (it runs podpath itself); each program is one line so it can sit in a shell script.
 */

/**
 * An HTTP server for one pod: `node -e SERVER NAME NAMESPACE NODE PORT...`. It answers every
 * request with who it is and the address it saw the connection come from, which is what the
 * kernel's NAT did. Node processes and outside hosts use it too, with `-` for what they lack.
 */
export const SERVER =
  "const h=require('http');const[n,ns,nd,...ps]=process.argv.slice(1);for(const p of ps)h.createServer((q,s)=>{s.setHeader('content-type','application/json');s.end(JSON.stringify({pod:n,namespace:ns,node:nd,port:+p,host:q.socket.localAddress,from:q.socket.remoteAddress})+'\\n')}).listen(+p,'0.0.0.0')";

/**
 * One HTTP request: `node -e CLIENT IP PORT [HOST]`. Prints one JSON line: the server's answer,
 * or the error a client sees (ECONNREFUSED for a REJECT or a closed port, `timeout` for a DROP).
 */
export const CLIENT =
  "const h=require('http');const[a,p,n]=process.argv.slice(1);const q=h.get({host:a,port:+p,path:'/',headers:{host:n||a},timeout:1500},(r)=>{let b='';r.on('data',(c)=>b+=c);r.on('end',()=>console.log(JSON.stringify({status:r.statusCode,body:b.trim()})))});q.on('timeout',()=>{q.destroy();console.log(JSON.stringify({error:'timeout'}))});q.on('error',(e)=>{if(e.code!=='ECONNRESET'||!q.destroyed)console.log(JSON.stringify({error:e.code}))})";

/**
 * kubectl port-forward's last leg, as the container runtime makes it: `node -e DIAL PORT`,
 * started in the pod's network namespace (`ip netns exec`, as dockershim ran `nsenter -n socat`),
 * connects to 127.0.0.1:PORT there and carries stdin and stdout over it.
 */
export const DIAL =
  "const s=require('net').connect(+process.argv[1],'127.0.0.1');process.stdin.pipe(s);s.pipe(process.stdout);s.on('error',()=>process.exit(1));s.on('close',()=>process.exit(0))";

/**
 * The API server and the kubelet when a port-forward runs: `node -e DAEMON NAME NS NODE ROUTES
 * PORT...`. Plain requests get SERVER's answer; a POST upgraded to a stream
 * (`/api/v1/namespaces/NS/pods/POD/portforward` at the API server, `/portForward/NS/POD` at the
 * kubelet) is carried on: the API server to the kubelet of the pod's node (ROUTES maps `NS/POD`
 * to its node's address), the kubelet into the pod's network namespace through DIAL (ROUTES maps
 * `NS/POD` to that namespace). Plain HTTP where the real ones speak TLS and SPDY/WebSocket: the
 * kernel sees the same connections.
 */
export const DAEMON = [
  "const h=require('http'),{spawn}=require('child_process');const[n,ns,nd,routes,...ps]=process.argv.slice(1);const map=JSON.parse(routes);",
  `const DIAL=${JSON.stringify(DIAL)};`,
  "const no=(s)=>s.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');",
  "const up=(q,s)=>{const m=/^\\/(?:api\\/v1\\/namespaces\\/([^/]+)\\/pods\\/([^/]+)\\/portforward|portForward\\/([^/]+)\\/([^/]+))$/.exec(q.url);const port=q.headers['x-podpath-port'];if(!m||!port)return no(s);",
  "const key=(m[1]||m[3])+'/'+(m[2]||m[4]);const to=map[key];if(!to)return no(s);const ok=()=>s.write('HTTP/1.1 101 Switching Protocols\\r\\nConnection: Upgrade\\r\\nUpgrade: SPDY/3.1\\r\\n\\r\\n');",
  "if(m[1]){const r=h.request({host:to,port:10250,method:'POST',path:'/portForward/'+key,headers:{connection:'Upgrade',upgrade:'SPDY/3.1','x-podpath-port':port}});r.on('upgrade',(res,k)=>{ok();k.pipe(s);s.pipe(k);k.on('error',()=>s.destroy());s.on('error',()=>k.destroy())});r.on('response',()=>no(s));r.on('error',()=>no(s));r.end();return}",
  "const c=spawn('ip',['netns','exec',to,'node','-e',DIAL,'--',port],{stdio:['pipe','pipe','ignore']});ok();s.pipe(c.stdin);c.stdout.pipe(s);c.on('exit',()=>s.end());s.on('error',()=>c.kill());c.stdin.on('error',()=>{})};",
  "for(const p of ps){const v=h.createServer((q,s)=>{s.setHeader('content-type','application/json');s.end(JSON.stringify({pod:n,namespace:ns,node:nd,port:+p,host:q.socket.localAddress,from:q.socket.remoteAddress})+'\\n')});v.on('upgrade',up);v.listen(+p,'0.0.0.0')}",
].join('');

/**
 * `kubectl port-forward`, one listening socket of it: `node -e KUBECTL API NS POD REMOTE ADDRESS
 * LOCAL`, in the network namespace of the machine it runs on. Each connection it accepts
 * ("Handling connection for LOCAL") goes in a stream to the API server at API:6443.
 */
export const KUBECTL = [
  "const h=require('http'),net=require('net');const[api,ns,pod,remote,addr,local]=process.argv.slice(1);",
  "net.createServer((c)=>{process.stdout.write('Handling connection for '+local+'\\n');c.pause();",
  "const r=h.request({host:api,port:6443,method:'POST',path:'/api/v1/namespaces/'+ns+'/pods/'+pod+'/portforward',headers:{connection:'Upgrade',upgrade:'SPDY/3.1','x-podpath-port':remote}});",
  "r.on('upgrade',(res,s)=>{s.pipe(c);c.pipe(s);c.resume();s.on('error',()=>c.destroy());c.on('error',()=>s.destroy())});r.on('response',()=>c.destroy());r.on('error',()=>c.destroy());r.end()})",
  ".listen(+local,addr,()=>process.stdout.write('Forwarding from '+addr+':'+local+' -> '+remote+'\\n'))",
].join('');

/**
 * A UDP server for one pod: `node -e USERVER NAME NAMESPACE NODE PORT...`. It answers each
 * datagram with the same JSON line as SERVER. Node cannot tell which local address a datagram
 * to 0.0.0.0 came to, so the program binds one socket per IPv4 address of the namespace's
 * interfaces that are up (as DNS servers such as dnsmasq do): `host` is that socket's address,
 * and the answer leaves from it, so conntrack undoes a Service's DNAT on the way back. The
 * sockets are bound one after the other, 127.0.0.1 last: once that one is bound (`ss -Hlun
 * 'src 127.0.0.1:PORT'`), all are; an address that cannot be bound is passed over.
 */
export const USERVER =
  "const d=require('dgram'),os=require('os');const[n,ns,nd,...ps]=process.argv.slice(1);" +
  "const as=[...new Set(Object.values(os.networkInterfaces()).flat().filter((a)=>a.family==='IPv4'||a.family===4).map((a)=>a.address))].filter((a)=>a!=='127.0.0.1').concat('127.0.0.1');" +
  "const bind=(p,k)=>{if(k===as.length)return;const a=as[k],s=d.createSocket('udp4');let up=false;" +
  "s.on('message',(m,r)=>s.send(JSON.stringify({pod:n,namespace:ns,node:nd,port:+p,host:a,from:r.address})+'\\n',r.port,r.address));" +
  "s.on('error',()=>{if(!up){s.close();bind(p,k+1)}});s.bind(+p,a,()=>{up=true;bind(p,k+1)})};for(const p of ps)bind(p,0)";

/**
 * Many connections at once, from one namespace: `node -e PROBE PROTO:IP:PORT...` with PROTO
 * `tcp` (one HTTP request, as CLIENT) or `udp` (one datagram on a connected socket, answered by
 * USERVER). All start together; each prints one JSON line, in the order given: `{"probe":
 * SPEC, "body": ANSWER}` or `{"probe": SPEC, "error": CODE}`: ECONNREFUSED for a closed port
 * (TCP's RST, UDP's ICMP port unreachable) or a REJECT, `timeout` after 3 s for a DROP (twice
 * CLIENT's wait: many connections start at once, and a busy machine answers some late).
 */
export const PROBE =
  "const h=require('http'),d=require('dgram');const specs=process.argv.slice(1);const out=new Array(specs.length);let left=specs.length;" +
  "const done=(i,r)=>{if(out[i])return;out[i]=JSON.stringify({probe:specs[i],...r});if(--left===0)console.log(out.join('\\n'))};" +
  "specs.forEach((spec,i)=>{const m=/^(tcp|udp):([0-9.]+):([0-9]+)$/.exec(spec);if(!m)return done(i,{error:'usage'});const[,pr,a,p]=m;" +
  "if(pr==='tcp'){const q=h.get({host:a,port:+p,path:'/',timeout:3000},(r)=>{let b='';r.on('data',(c)=>b+=c);r.on('end',()=>done(i,{body:b.trim()}))});q.on('timeout',()=>{done(i,{error:'timeout'});q.destroy()});q.on('error',(e)=>done(i,{error:e.code}));return}" +
  "const s=d.createSocket('udp4');const t=setTimeout(()=>{done(i,{error:'timeout'});s.close()},3000);const end=(r)=>{clearTimeout(t);done(i,r);s.close()};" +
  "s.on('message',(b)=>end({body:b.toString().trim()}));s.on('error',(e)=>end({error:e.code}));s.connect(+p,a,()=>s.send('probe'))});if(left===0)console.log('')";
