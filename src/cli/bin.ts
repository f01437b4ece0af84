process.stderr.write('leanllm-logs: not yet implemented\n');
process.exitCode = 1;
