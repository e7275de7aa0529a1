package media

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill ffmpeg if the worker process dies,
// so a crashed worker leaves no transcode running on its own.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
