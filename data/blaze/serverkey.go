package blaze

// ServerKey identifies the profile's server for data kept between runs, such as the local
// cache of studies: the FHIR base URL, or, for the demo profile, whose simulator listens on a
// new loopback port every run, the profile name "demo".
func (p Profile) ServerKey() string {
	if p.Name == ProfileDemo {
		return ProfileDemo
	}
	return p.BaseURL
}
