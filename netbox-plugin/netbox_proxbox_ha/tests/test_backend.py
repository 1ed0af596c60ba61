"""What the plugin reads from proxbox-api's OpenAPI document before it offers Disarm."""

from django.test import SimpleTestCase

from ..backend import NO_MODE, disarm_support

# POST /proxmox/cluster/ha/disarm as proxbox-api 0.0.30.post2 declares it (trimmed).
PROXBOX_API_0_0_30 = {
    "paths": {
        "/proxmox/cluster/ha/disarm": {
            "post": {
                "parameters": [
                    {"name": "source", "in": "query", "schema": {"type": "string"}},
                    {"name": "proxmox_endpoint_ids", "in": "query", "schema": {}},
                    {"name": "X-Proxbox-Actor", "in": "header", "schema": {}},
                ]
            }
        }
    }
}


def with_mode(parameter):
    document = {"paths": {"/proxmox/cluster/ha/disarm": {"post": {"parameters": [parameter]}}}}
    return disarm_support(document)


class DisarmSupportTests(SimpleTestCase):
    def test_proxbox_api_0_0_30_takes_no_mode_and_the_reason_says_what_to_do(self):
        support = disarm_support(PROXBOX_API_0_0_30)
        self.assertIsNone(support.parameter)
        self.assertEqual(support.reason, NO_MODE)
        self.assertIn("Datacenter → HA → Disarm HA", NO_MODE)
        self.assertEqual(support.as_json(), {"available": False, "reason": NO_MODE})

    def test_a_backend_that_takes_the_mode_gets_it_under_its_own_name(self):
        support = with_mode(
            {"name": "resource_mode", "in": "query", "schema": {"enum": ["freeze", "ignore"]}}
        )
        self.assertEqual(
            (support.parameter, support.modes), ("resource_mode", ["freeze", "ignore"])
        )
        self.assertEqual(support.as_json(), {"available": True, "modes": ["freeze", "ignore"]})
        optional = with_mode(
            {
                "name": "resource-mode",
                "in": "query",
                "schema": {"anyOf": [{"enum": ["freeze"]}, {"type": "null"}]},
            }
        )
        self.assertEqual((optional.parameter, optional.modes), ("resource-mode", ["freeze"]))

    def test_a_mode_in_a_header_or_no_route_at_all_is_no_disarm(self):
        self.assertIsNone(with_mode({"name": "mode", "in": "header"}).parameter)
        missing = disarm_support({"paths": {}})
        self.assertIn("no HA disarm route", missing.reason)
        self.assertIsNone(disarm_support([]).parameter)
