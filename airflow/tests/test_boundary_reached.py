"""scripts/boundary_reached.py against a real HTTP server answering as /api/health does."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import unittest

import dags

SCRIPT = dags.DAGS_DIR / "scripts" / "boundary_reached.py"


class _Health(http.server.BaseHTTPRequestHandler):
    answer: bytes = b"{}"

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        if self.path != "/api/health":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(type(self).answer)

    def log_message(self, *args):
        pass


class BoundaryReachedTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Health)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def poke(self, health, until="2010-12-02T00:00:00Z", url=None):
        _Health.answer = json.dumps(health).encode()
        return subprocess.run([sys.executable, str(SCRIPT), "--serving-url", url or self.url,
                               "--until", until, "--timeout", "5"],
                              capture_output=True, text=True)

    def test_a_boundary_at_the_end_of_the_day_has_reached_it(self):
        result = self.poke({"batch": {"boundary": "2010-12-02T00:00:00Z"}})
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_a_boundary_one_hour_short_is_not_yet(self):
        result = self.poke({"batch": {"boundary": "2010-12-01T23:00:00Z"}})
        self.assertEqual(result.returncode, 3)
        self.assertIn("has not reached 2010-12-02T00:00:00+00:00 yet", result.stdout)

    def test_no_batch_yet_is_not_yet(self):
        self.assertEqual(self.poke({"batch": {"boundary": None}}).returncode, 3)

    def test_a_serving_layer_that_does_not_answer_is_not_yet(self):
        result = self.poke({}, url="http://127.0.0.1:9")  # discard port: nothing listens
        self.assertEqual(result.returncode, 3)
        self.assertIn("does not answer", result.stdout)

    def test_an_answer_without_the_boundary_field_is_an_error(self):
        result = self.poke({"status": "ok"})
        self.assertEqual(result.returncode, 2)
        self.assertIn("no batch.boundary", result.stderr)

    def test_an_instant_without_offset_is_refused(self):
        result = self.poke({"batch": {"boundary": None}}, until="2010-12-02T00:00:00")
        self.assertEqual(result.returncode, 2)
        self.assertIn("has no offset", result.stderr)


if __name__ == "__main__":
    unittest.main()
