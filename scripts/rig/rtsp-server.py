#!/usr/bin/python3
"""A test camera: a GStreamer RTSP server on 127.0.0.1 with one mount per
--mount argument (shared/docs/test-rig.md). Prints READY once listening,
stops on SIGTERM/SIGINT. Run with Debian's /usr/bin/python3 (python3-gi,
gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-{base,good,ugly,bad}).

  rtsp-server.py --port 8554 [--user U --password P] \
      --mount path=cam1,codec=h264,width=640,height=360,fps=25,gop=25,pattern=ball
  rtsp-server.py --check   (prints OK, or MISSING <elements> and exits 3)

codec: h264 (x264enc, baseline) or h265 (x265enc). gop: frames between
keyframes (default fps, i.e. 1 s). pattern: a videotestsrc pattern name or
number, so each mount shows a different picture.
"""
import argparse
import re
import sys

INSTALL = ('apt-get install --no-install-recommends python3-gi gir1.2-gst-rtsp-server-1.0 '
           'gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad')
try:
    import gi
    gi.require_version('Gst', '1.0')
    gi.require_version('GstRtspServer', '1.0')
    from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402
except (ImportError, ValueError) as err:
    print(f'MISSING python3-gi/GstRtspServer ({err}); {INSTALL}', flush=True)
    sys.exit(3)

ELEMENTS = ['videotestsrc', 'videoconvert', 'x264enc', 'rtph264pay', 'x265enc', 'rtph265pay']


def check():
    Gst.init(None)
    missing = [e for e in ELEMENTS if Gst.ElementFactory.find(e) is None]
    if missing:
        print(f'MISSING {" ".join(missing)}; {INSTALL}', flush=True)
        sys.exit(3)
    print('OK', flush=True)

SLUG = re.compile(r'^[A-Za-z0-9_-]{1,32}$')
PATTERN = re.compile(r'^[a-z0-9-]{1,24}$')


def parse_mount(text):
    fields = dict(part.split('=', 1) for part in text.split(',') if '=' in part)
    path = fields.get('path', '')
    codec = fields.get('codec', 'h264')
    if not SLUG.match(path):
        raise ValueError(f'mount path must be a slug: {path!r}')
    if codec not in ('h264', 'h265'):
        raise ValueError(f'codec must be h264 or h265: {codec!r}')
    width = int(fields.get('width', '640'))
    height = int(fields.get('height', '360'))
    fps = int(fields.get('fps', '25'))
    gop = int(fields.get('gop', str(fps)))
    pattern = fields.get('pattern', 'smpte')
    if not PATTERN.match(pattern):
        raise ValueError(f'bad pattern: {pattern!r}')
    for name, value, low, high in (('width', width, 16, 3840), ('height', height, 16, 2160), ('fps', fps, 1, 60), ('gop', gop, 1, 600)):
        if not low <= value <= high:
            raise ValueError(f'{name} out of range: {value}')
    return {'path': path, 'codec': codec, 'width': width, 'height': height, 'fps': fps, 'gop': gop, 'pattern': pattern}


def launch_line(m):
    # horizontal-speed scrolls every pattern, so the picture changes each frame
    # and a test can tell a live picture from a frozen one.
    source = (f'videotestsrc is-live=true pattern={m["pattern"]} horizontal-speed=4 ! '
              f'video/x-raw,width={m["width"]},height={m["height"]},framerate={m["fps"]}/1 ! '
              'videoconvert ! video/x-raw,format=I420')
    if m['codec'] == 'h264':
        enc = (f'x264enc tune=zerolatency speed-preset=ultrafast key-int-max={m["gop"]} ! '
               'video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1')
    else:
        enc = (f'x265enc tune=zerolatency speed-preset=ultrafast key-int-max={m["gop"]} ! '
               'video/x-h265,profile=main ! rtph265pay name=pay0 pt=96 config-interval=1')
    return f'( {source} ! {enc} )'


def main():
    if sys.argv[1:] == ['--check']:
        check()
        return
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--user')
    ap.add_argument('--password')
    ap.add_argument('--mount', action='append', required=True)
    args = ap.parse_args()
    mounts = [parse_mount(text) for text in args.mount]

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address('127.0.0.1')
    server.set_service(str(args.port))
    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, 'viewer')
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ''), token)
        server.set_auth(auth)
    mounts_table = server.get_mount_points()
    for m in mounts:
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(m))
        factory.set_shared(True)
        if args.user:
            role = Gst.Structure.from_string('viewer, media.factory.access=(boolean)true, media.factory.construct=(boolean)true')[0]
            factory.add_role_from_structure(role)
        mounts_table.add_factory('/' + m['path'], factory)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print(f'cannot listen on 127.0.0.1:{args.port}', file=sys.stderr, flush=True)
        sys.exit(2)

    def stop():
        loop.quit()
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15, stop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 2, stop)
    print('READY', flush=True)
    loop.run()


if __name__ == '__main__':
    main()
