W1x
r a BC-Bridge     05-04 0040
^Bridge approved<
	   SPRINGFIELD (WCP) _ The council ``approved'' the bridge.