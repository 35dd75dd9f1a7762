package blazesim

import "encoding/json"

// capabilityStatement is the small CapabilityStatement served at {base}/metadata without
// authentication: the four resource types, their search parameters and the security model.
func capabilityStatement() []byte {
	type param struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	type interaction struct {
		Code string `json:"code"`
	}
	type res struct {
		Type        string        `json:"type"`
		Interaction []interaction `json:"interaction"`
		SearchParam []param       `json:"searchParam"`
	}
	common := []param{
		{"researchstudy", "string"}, {"_id", "token"}, {"_count", "number"}, {"page", "number"},
		{"_format", "string"},
	}
	withCategory := append([]param{{"category", "token"}, {"id", "token"}}, common...)
	rw := []interaction{{"read"}, {"search-type"}}
	cs := struct {
		ResourceType string   `json:"resourceType"`
		Status       string   `json:"status"`
		Date         string   `json:"date"`
		Publisher    string   `json:"publisher"`
		Kind         string   `json:"kind"`
		Software     any      `json:"software"`
		FHIRVersion  string   `json:"fhirVersion"`
		Format       []string `json:"format"`
		Rest         []any    `json:"rest"`
	}{
		ResourceType: "CapabilityStatement", Status: "active", Date: "2024-06-01",
		Publisher: "Memorial Sloan Kettering Cancer Center (simulated)", Kind: "instance",
		Software:    map[string]string{"name": "Blaze research FHIR API (recistview simulator)"},
		FHIRVersion: "4.0.1", Format: []string{"json"},
		Rest: []any{map[string]any{
			"mode": "server",
			"security": map[string]string{
				"description": "OAuth 2.0 client credentials: POST " + TokenPath +
					" with client_id, client_secret, grant_type=client_credentials and scope=full in the form body;" +
					" every request carries Authorization: Bearer {token} and x-partnerid: {partnerId}.",
			},
			"resource": []res{
				{"DiagnosticReport", rw, common},
				{"Observation", rw, withCategory},
				{"Patient", rw, common},
				{"Group", rw, common},
			},
		}},
	}
	b, err := json.Marshal(cs)
	if err != nil {
		panic("blazesim: capability statement: " + err.Error()) // static data: cannot happen
	}
	return b
}
