// Old browser code; eval( is mentioned here only in a comment.
var counter = 0;
const note = "never call eval(input)";

function run(input) {
  return eval(input);
}

function tick(id) {
  setTimeout("refresh(" + id + ")", 1000);
}

console.log("loaded");
const crypto = require("crypto");
const etag = crypto.createHash("sha1").update("x").digest("hex");
