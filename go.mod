module github.com/recistview/recistview

go 1.26.0

require (
	github.com/godbus/dbus/v5 v5.2.2
	github.com/zalando/go-keyring v0.2.8
	golang.org/x/oauth2 v0.37.0
)

require (
	fyne.io/fyne/v2 v2.7.1 // indirect
	github.com/danieljoos/wincred v1.2.3 // indirect
	github.com/golang/freetype v0.0.0-20170609003504-e2365dfdc4a0 // indirect
	github.com/wcharczuk/go-chart/v2 v2.1.2 // indirect
	golang.org/x/image v0.24.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.30.0 // indirect
)
