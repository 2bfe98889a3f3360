"""`/open311/v2`: Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), so another
city's Open311 software reports incidents to the grid and reads their status unchanged."""
