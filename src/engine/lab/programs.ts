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
